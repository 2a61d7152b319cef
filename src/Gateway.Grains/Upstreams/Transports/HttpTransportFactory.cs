using Gateway.Configuration;
using ModelContextProtocol.Client;
using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Transports;

/// <summary>
/// Streamable HTTP ("http") or the legacy HTTP+SSE transport ("sse"), with the definition's
/// headers resolved, over the HttpClient its origin calls for (<see cref="UpstreamHttpClients"/>).
/// </summary>
public sealed class HttpTransportFactory(string name, IHttpClientFactory httpClients, ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    public string Name => name;

    /// <summary>Only Streamable HTTP sessions can be carried on by id; the legacy SSE transport's session is its open stream.</summary>
    public bool CanResume => name == UpstreamTransports.Http;

    public UpstreamTransport Create(UpstreamDefinition definition, string? knownSessionId = null)
    {
        var options = new HttpClientTransportOptions
        {
            Name = definition.Name,
            Endpoint = new Uri(definition.Url!),
            TransportMode = name == UpstreamTransports.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            AdditionalHeaders = SecretReference.ResolveAll(definition.Headers),
            KnownSessionId = CanResume ? knownSessionId : null,
        };
        var transport = new HttpClientTransport(options, httpClients.CreateClient(UpstreamHttpClients.For(definition)), loggerFactory, ownsHttpClient: true);

        // The SDK's transport reads OwnsSession when it closes, so it can still be changed then.
        return new UpstreamTransport(transport, CanResume ? () => options.OwnsSession = false : null);
    }
}
