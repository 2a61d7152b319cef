using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Upstreams.Network;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Upstreams.Credentials;

/// <summary>
/// One request to an OAuth 2.0 token endpoint: a form-encoded POST (RFC 6749 §4.4.2, §6) with the
/// client authenticated by HTTP Basic (§2.3.1, the default) or by client_id and client_secret in
/// the body, and its answer read as §5.1 (a token) or §5.2 (an error). What a failure says names
/// the endpoint (without its query) and the OAuth error code and description, and nothing else
/// of the answer: it ends up in the upstream's status, which admins read.
/// </summary>
public static class TokenEndpointClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private const int MaxBodyBytes = 64 * 1024;

    /// <param name="grant">The grant's own parameters: grant_type and, for a refresh, refresh_token.</param>
    /// <param name="clientSecret">The client's resolved secret; null for a public client.</param>
    public static async Task<IssuedToken> RequestAsync(
        HttpClient http, UpstreamAuth auth, IReadOnlyList<KeyValuePair<string, string>> grant, string? clientSecret, CancellationToken cancellationToken)
    {
        var url = new Uri(auth.TokenUrl!);
        var endpoint = Describe(url);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var form = new List<KeyValuePair<string, string>>(grant);
        if (!string.IsNullOrEmpty(auth.Scope))
        {
            form.Add(new("scope", auth.Scope));
        }

        if (!string.IsNullOrEmpty(auth.Audience))
        {
            form.Add(new("audience", auth.Audience));
        }

        if (clientSecret is not null && auth.ClientAuthentication != UpstreamAuth.ClientSecretPost)
        {
            // §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
            var pair = $"{Uri.EscapeDataString(auth.ClientId!)}:{Uri.EscapeDataString(clientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            // client_secret_post, or a public client identifying itself (§3.2.1).
            form.Add(new("client_id", auth.ClientId!));
            if (clientSecret is not null)
            {
                form.Add(new("client_secret", clientSecret));
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamCredentialException($"token endpoint {endpoint} did not answer within {RequestTimeout.TotalSeconds:0} s", ex);
        }
        catch (HttpRequestException ex) when (OutboundAddressRefusedException.FindIn(ex) is null)
        {
            // "The SSL connection could not be established" says why only in its inner exception.
            var reason = ex.InnerException is { } inner ? $"{ex.Message.TrimEnd('.')}: {inner.Message}" : ex.Message;
            throw new UpstreamCredentialException($"token endpoint {endpoint} cannot be reached: {reason}", ex);
        }

        using (response)
        {
            var body = await ReadJsonAsync(response, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var sent = grant.Where(g => g.Key == "refresh_token").Select(g => g.Value).Append(clientSecret);
                throw new UpstreamCredentialException(Refusal(endpoint, (int)response.StatusCode, body, sent));
            }

            return Issued(endpoint, body);
        }
    }

    /// <summary>The endpoint as messages show it: scheme, host, port and path; a query could carry anything.</summary>
    public static string Describe(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";

    private static IssuedToken Issued(string endpoint, JsonObject? body)
    {
        if (body?["access_token"] is not JsonValue token || !token.TryGetValue<string>(out var accessToken) || accessToken.Length == 0)
        {
            throw new UpstreamCredentialException($"token endpoint {endpoint} answered without an access_token");
        }

        // §5.1: token_type is case-insensitive; the gateway sends bearer tokens (RFC 6750) only.
        if (body["token_type"] is JsonValue type && type.TryGetValue<string>(out var tokenType)
            && !string.Equals(tokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new UpstreamCredentialException($"token endpoint {endpoint} issued a token of type '{Printable(tokenType, 32)}'; the gateway sends Bearer tokens only");
        }

        var refresh = body["refresh_token"] is JsonValue rotated && rotated.TryGetValue<string>(out var next) && next.Length > 0 ? next : null;
        return new IssuedToken(accessToken, Lifetime(body["expires_in"]), refresh);
    }

    /// <summary>expires_in in seconds; some servers send it as a string.</summary>
    private static TimeSpan? Lifetime(JsonNode? expiresIn)
    {
        if (expiresIn is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<double>(out var seconds) ||
            (value.TryGetValue<string>(out var text) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out seconds)))
        {
            return seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        return null;
    }

    /// <summary>§5.2: the error code and its description, both shown; no other part of the body, and never a secret that was sent.</summary>
    private static string Refusal(string endpoint, int status, JsonObject? body, IEnumerable<string?> sent)
    {
        var line = $"HTTP {status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();
        if (body?["error"] is not JsonValue code || !code.TryGetValue<string>(out var error))
        {
            return $"token endpoint {endpoint} answered {line}";
        }

        var text = $"token endpoint {endpoint} refused the request: {Printable(error, 64)}";
        if (body["error_description"] is JsonValue described && described.TryGetValue<string>(out var description) && description.Length > 0)
        {
            var printable = Printable(description, 200);
            foreach (var secret in sent.Where(s => s is { Length: >= 4 }))
            {
                printable = printable.Replace(secret!, "***", StringComparison.Ordinal);
            }

            text += $" ({printable})";
        }

        return $"{text} ({line})";
    }

    /// <summary>The body as a JSON object, or null when it is not one or is larger than any token answer needs to be.</summary>
    private static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(buffer.AsSpan(0, length)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>At most <paramref name="max"/> characters, control characters as spaces: the text goes into a status line and a log.</summary>
    private static string Printable(string text, int max)
    {
        var cut = text.Length > max ? text[..max] + "…" : text;
        return string.Create(cut.Length, cut, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
    }
}
