using Gateway.UnitTests.Support;
using Gateway.Upstreams;
using Gateway.Upstreams.Transports;
using ModelContextProtocol.Client;

namespace Gateway.UnitTests.Upstreams;

/// <summary>The "memory" transport: every connection the gateway opens is a new <see cref="InMemoryUpstream"/> session.</summary>
public sealed class InMemoryTransportFactory : IUpstreamTransportFactory
{
    public const string Transport = "memory";

    private readonly List<InMemoryUpstream> _opened = [];

    public string Name => Transport;

    /// <summary>Each session as it opens.</summary>
    public Signals<InMemoryUpstream> Sessions { get; } = new();

    public IReadOnlyList<InMemoryUpstream> Opened
    {
        get
        {
            lock (_opened)
            {
                return [.. _opened];
            }
        }
    }

    public IClientTransport Create(UpstreamDefinition definition)
    {
        lock (_opened)
        {
            var upstream = new InMemoryUpstream(_opened.Count + 1);
            _opened.Add(upstream);
            Sessions.Add(upstream);
            return upstream.ClientTransport();
        }
    }
}
