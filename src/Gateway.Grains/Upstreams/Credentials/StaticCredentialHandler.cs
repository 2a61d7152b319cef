namespace Gateway.Upstreams.Credentials;

/// <summary>
/// Puts an upstream's static credential on every request of its connection: a header, or a query
/// parameter added to each URL (Streamable HTTP posts and streams, and the legacy SSE transport's
/// message URL, which the server chooses). The SDK never sees the credential, so it cannot log it.
/// </summary>
public sealed class StaticCredentialHandler(StaticCredential credential, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credential.InQuery)
        {
            request.RequestUri = WithParameter(request.RequestUri!, credential.Name, credential.Value);
        }
        else
        {
            request.Headers.Remove(credential.Name);
            request.Headers.TryAddWithoutValidation(credential.Name, credential.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }

    public static Uri WithParameter(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var parameter = $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
        builder.Query = builder.Query.Length > 1 ? $"{builder.Query[1..]}&{parameter}" : parameter;
        return builder.Uri;
    }
}
