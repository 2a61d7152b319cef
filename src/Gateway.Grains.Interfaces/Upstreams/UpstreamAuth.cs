namespace Gateway.Upstreams;

/// <summary>
/// How the gateway proves itself to one HTTP upstream: a static credential sent with every request
/// (a header or a query parameter), or an OAuth 2.0 access token it fetches itself, with the
/// client-credentials grant (RFC 6749 §4.4) or a refresh token (§6), and sends as a bearer token.
/// One flat record for every type, so that it binds from the config file as it reads there; the
/// validator says which fields belong to which type. Secret fields may be values or env:// and
/// file:// references; plain values that come through the admin API are stored encrypted.
/// </summary>
[GenerateSerializer, Alias("gw.UpstreamAuth")]
public sealed record UpstreamAuth
{
    public const string Static = "static";
    public const string ClientCredentials = "oauth-client-credentials";
    public const string RefreshTokenGrant = "oauth-refresh-token";

    public const string InHeader = "header";
    public const string InQuery = "query";

    public const string Raw = "raw";
    public const string PrefixFormat = "prefix";
    public const string TemplateFormat = "template";

    /// <summary>What <see cref="Template"/> holds in place of the secret.</summary>
    public const string SecretPlaceholder = "{secret}";

    public const string DefaultHeader = "Authorization";
    public const string DefaultPrefix = "Bearer ";

    /// <summary>RFC 6749 §2.3.1: HTTP Basic is the method every authorization server must support.</summary>
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    /// <summary>static, oauth-client-credentials or oauth-refresh-token.</summary>
    [Id(0)]
    public string Type { get; init; } = "";

    /// <summary>static: the credential itself.</summary>
    [Id(1)]
    public string? Secret { get; init; }

    /// <summary>static: "header" (the default) or "query".</summary>
    [Id(2)]
    public string? In { get; init; }

    /// <summary>static: the header (default Authorization) or the query parameter (required) that carries it.</summary>
    [Id(3)]
    public string? Name { get; init; }

    /// <summary>static: "raw" (the default, the secret as it is), "prefix" or "template".</summary>
    [Id(4)]
    public string? Format { get; init; }

    /// <summary>static with Format prefix: what goes before the secret; "Bearer " when not set.</summary>
    [Id(5)]
    public string? Prefix { get; init; }

    /// <summary>static with Format template: the value with {secret} where the secret goes, e.g. "token {secret}".</summary>
    [Id(6)]
    public string? Template { get; init; }

    /// <summary>OAuth: the authorization server's token endpoint.</summary>
    [Id(7)]
    public string? TokenUrl { get; init; }

    [Id(8)]
    public string? ClientId { get; init; }

    /// <summary>OAuth: required for client credentials; a refresh token of a public client needs none.</summary>
    [Id(9)]
    public string? ClientSecret { get; init; }

    /// <summary>OAuth: the scope asked for (space-separated), if any.</summary>
    [Id(10)]
    public string? Scope { get; init; }

    /// <summary>OAuth: an "audience" parameter, which some authorization servers need to pick the API a token is for.</summary>
    [Id(11)]
    public string? Audience { get; init; }

    /// <summary>oauth-refresh-token: the refresh token the gateway starts from.</summary>
    [Id(12)]
    public string? RefreshToken { get; init; }

    /// <summary>OAuth: how the client authenticates at the token endpoint: client_secret_basic (the default) or client_secret_post.</summary>
    [Id(13)]
    public string? ClientAuthentication { get; init; }

    public bool IsOAuth => Type is ClientCredentials or RefreshTokenGrant;

    /// <summary>
    /// A field's value, or null when it is unset: the config file's JSON null binds as an empty
    /// string, and an empty field means the same as an absent one.
    /// </summary>
    public static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The same credential with each secret field (Secret, ClientSecret, RefreshToken) mapped: to encrypt, mask or strip them.</summary>
    public UpstreamAuth MapSecrets(Func<string, string> map) => this with
    {
        Secret = Given(Secret) is { } secret ? map(secret) : Secret,
        ClientSecret = Given(ClientSecret) is { } clientSecret ? map(clientSecret) : ClientSecret,
        RefreshToken = Given(RefreshToken) is { } refreshToken ? map(refreshToken) : RefreshToken,
    };

    /// <summary>Every secret field that is set, with its name as the admin API and the validator spell it.</summary>
    public IEnumerable<(string Field, string Value)> Secrets()
    {
        if (Given(Secret) is { } secret)
        {
            yield return ("auth.secret", secret);
        }

        if (Given(ClientSecret) is { } clientSecret)
        {
            yield return ("auth.clientSecret", clientSecret);
        }

        if (Given(RefreshToken) is { } refreshToken)
        {
            yield return ("auth.refreshToken", refreshToken);
        }
    }
}
