using Gateway.Upstreams.Credentials;
using ModelContextProtocol.Client;
using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Transports;

/// <summary>
/// Streamable HTTP ("http") or the legacy HTTP+SSE transport ("sse"), with the definition's
/// headers resolved, over the handler its origin calls for (<see cref="UpstreamHttpClients"/>)
/// with the upstream's credential in front of it (<see cref="UpstreamCredentials"/>).
/// </summary>
public sealed class HttpTransportFactory(
    string name,
    IHttpMessageHandlerFactory handlers,
    UpstreamCredentials credentials,
    UpstreamSecrets secrets,
    ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    public string Name => name;

    /// <summary>Only Streamable HTTP sessions can be carried on by id; the legacy SSE transport's session is its open stream.</summary>
    public bool CanResume => name == UpstreamTransports.Http;

    public UpstreamTransport Create(UpstreamDefinition definition, string? knownSessionId = null)
    {
        var headers = secrets.ResolveAll(definition.Headers, definition.Name, "header");
        foreach (var (header, value) in headers)
        {
            // A reference resolves only now, so this is the first moment its value can be checked.
            if (!HeaderValue.CanCarry(value))
            {
                throw new UpstreamCredentialException($"header '{header}' of upstream '{definition.Name}' {HeaderValue.Refusal}");
            }
        }

        var options = new HttpClientTransportOptions
        {
            Name = definition.Name,
            Endpoint = new Uri(definition.Url!),
            TransportMode = name == UpstreamTransports.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
            KnownSessionId = CanResume ? knownSessionId : null,
        };

        // The factory's handler is pooled and outlives this client: disposing the client leaves it be.
        var http = new HttpClient(credentials.Wrap(definition, handlers.CreateHandler(UpstreamHttpClients.For(definition))));
        var transport = new HttpClientTransport(options, http, loggerFactory, ownsHttpClient: true);

        // The SDK's transport reads OwnsSession when it closes, so it can still be changed then.
        return new UpstreamTransport(transport, CanResume ? () => options.OwnsSession = false : null);
    }
}
