using System.Net;
using Gateway.Configuration;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;

namespace Gateway.Silo.Configuration;

/// <summary>
/// Checks an upstream's <see cref="UpstreamDefinition.Auth"/>: its type, the fields that type
/// needs, and none of another type's, so a misplaced field is named rather than ignored. Errors
/// go under "auth.{field}" and never quote a secret field's value.
/// </summary>
public static class UpstreamAuthValidator
{
    public static void Validate(UpstreamDefinition definition, OutboundAddressGuard? guard, Action<string, string> add)
    {
        if (definition.Auth is not { } auth)
        {
            return;
        }

        if (definition.Transport == UpstreamTransports.Stdio)
        {
            add("auth", "auth is for http and sse upstreams; a stdio upstream takes its credentials in env");
            return;
        }

        switch (auth.Type)
        {
            case UpstreamAuth.Static:
                ValidateStatic(definition, auth, add);
                Misplaced(add, "a static credential", ("tokenUrl", auth.TokenUrl), ("clientId", auth.ClientId),
                    ("clientSecret", auth.ClientSecret), ("scope", auth.Scope), ("audience", auth.Audience),
                    ("refreshToken", auth.RefreshToken), ("clientAuthentication", auth.ClientAuthentication));
                break;
            case UpstreamAuth.ClientCredentials or UpstreamAuth.RefreshTokenGrant:
                ValidateOAuth(auth, guard, add);
                Misplaced(add, "an OAuth credential (its token is sent as Authorization: Bearer)", ("secret", auth.Secret), ("in", auth.In),
                    ("name", auth.Name), ("format", auth.Format), ("prefix", auth.Prefix), ("template", auth.Template));
                if (definition.Headers.Keys.Any(h => string.Equals(h, UpstreamAuth.DefaultHeader, StringComparison.OrdinalIgnoreCase)))
                {
                    add("headers", "Authorization is set by auth (the access token); remove it from headers");
                }

                break;
            default:
                add("auth.type", $"'{auth.Type}' is not an auth type: use {UpstreamAuth.Static}, {UpstreamAuth.ClientCredentials} or {UpstreamAuth.RefreshTokenGrant}");
                break;
        }
    }

    private static void ValidateStatic(UpstreamDefinition definition, UpstreamAuth auth, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(auth.Secret))
        {
            add("auth.secret", "a static credential needs a secret: the value, or an env:// or file:// reference");
        }

        var inHeader = UpstreamAuth.Given(auth.In) is null or UpstreamAuth.InHeader;
        switch (UpstreamAuth.Given(auth.In))
        {
            case null or UpstreamAuth.InHeader or UpstreamAuth.InQuery:
                break;
            case "body":
                add("auth.in", "'body' injects the credential into a REST request's body, and the gateway has no REST-wrapped tools yet; an MCP upstream takes it in a header or the query: use header or query");
                return;
            default:
                add("auth.in", $"'{auth.In}' is not where a credential goes: use header or query");
                return;
        }

        var name = UpstreamAuth.Given(auth.Name) ?? (inHeader ? UpstreamAuth.DefaultHeader : null);
        if (name is null)
        {
            add("auth.name", "a credential in the query needs the parameter's name, e.g. api_key");
        }
        else if (inHeader && !IsHeaderName(name))
        {
            add("auth.name", $"'{name.ReplaceLineEndings(" ")}' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)");
        }
        else if (name.Any(char.IsControl))
        {
            add("auth.name", "the parameter's name contains a control character");
        }
        else if (inHeader && definition.Headers.Keys.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)))
        {
            add("auth.name", $"header '{name}' is also set in headers; set it in one place");
        }

        switch (UpstreamAuth.Given(auth.Format))
        {
            case null or UpstreamAuth.Raw:
                Misplaced(add, "the raw format (the secret as it is)", ("prefix", auth.Prefix), ("template", auth.Template));
                break;
            case UpstreamAuth.PrefixFormat:
                Misplaced(add, "the prefix format", ("template", auth.Template));
                break;
            case UpstreamAuth.TemplateFormat:
                Misplaced(add, "the template format", ("prefix", auth.Prefix));
                if (auth.Template?.Contains(UpstreamAuth.SecretPlaceholder, StringComparison.Ordinal) != true)
                {
                    add("auth.template", $"the template format needs a template with {UpstreamAuth.SecretPlaceholder} where the secret goes, e.g. \"token {UpstreamAuth.SecretPlaceholder}\"");
                }

                break;
            default:
                add("auth.format", $"'{auth.Format}' is not a credential format: use raw, prefix or template");
                break;
        }

        // A reference is checked when it resolves; a value can be checked now.
        if (inHeader)
        {
            foreach (var (field, value) in new[] { ("secret", auth.Secret), ("prefix", auth.Prefix), ("template", auth.Template) })
            {
                if (UpstreamAuth.Given(value) is { } given && !SecretReference.IsReference(given) && !HeaderValue.CanCarry(given))
                {
                    add($"auth.{field}", HeaderValue.Refusal);
                }
            }
        }
    }

    private static void ValidateOAuth(UpstreamAuth auth, OutboundAddressGuard? guard, Action<string, string> add)
    {
        if (!Uri.TryCreate(auth.TokenUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            add("auth.tokenUrl", $"'{auth.TokenUrl}' is not an absolute http(s) URL of a token endpoint");
        }
        else if (url.UserInfo.Length > 0)
        {
            add("auth.tokenUrl", "a token URL carries no user name or password: the client's are clientId and clientSecret");
        }
        else if (url.Scheme == "http" && !IsLoopback(url))
        {
            // RFC 6749 §3.2: the token endpoint must be reached over TLS; the client's secret travels there.
            add("auth.tokenUrl", $"'{auth.TokenUrl}' must use https (RFC 6749 §3.2), except on loopback");
        }
        else if (guard?.CheckUrl(url) is { } refused)
        {
            add("auth.tokenUrl", $"'{auth.TokenUrl}' is refused: {refused}");
        }

        if (string.IsNullOrEmpty(auth.ClientId))
        {
            add("auth.clientId", "an OAuth credential needs the client's id");
        }

        if (auth.Type == UpstreamAuth.ClientCredentials && string.IsNullOrEmpty(auth.ClientSecret))
        {
            add("auth.clientSecret", "the client-credentials grant needs the client's secret: the value, or an env:// or file:// reference");
        }

        if (auth.Type == UpstreamAuth.RefreshTokenGrant && string.IsNullOrEmpty(auth.RefreshToken))
        {
            add("auth.refreshToken", "the refresh-token grant needs the refresh token to start from: the value, or an env:// or file:// reference");
        }

        if (UpstreamAuth.Given(auth.ClientAuthentication) is not (null or UpstreamAuth.ClientSecretBasic or UpstreamAuth.ClientSecretPost))
        {
            add("auth.clientAuthentication", $"'{auth.ClientAuthentication}' is not a client authentication method: use {UpstreamAuth.ClientSecretBasic} or {UpstreamAuth.ClientSecretPost}");
        }
    }

    /// <summary>Fields of another type or format, which would otherwise be silently ignored.</summary>
    private static void Misplaced(Action<string, string> add, string what, params (string Field, string? Value)[] fields)
    {
        foreach (var (field, _) in fields.Where(f => UpstreamAuth.Given(f.Value) is not null))
        {
            add($"auth.{field}", $"{field} does not apply to {what}; remove it");
        }
    }

    /// <summary>RFC 9110 §5.1: a field name is a token.</summary>
    private static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
