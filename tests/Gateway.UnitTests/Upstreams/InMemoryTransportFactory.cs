using Gateway.UnitTests.Support;
using Gateway.Upstreams;
using Gateway.Upstreams.Transports;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// The "memory" transport: every connection the gateway opens is a new <see cref="InMemoryUpstream"/>
/// session. Named "stdio", it stands for a stdio upstream, each session for one of its processes.
/// </summary>
public sealed class InMemoryTransportFactory(string name = InMemoryTransportFactory.Transport) : IUpstreamTransportFactory
{
    public const string Transport = "memory";

    private readonly List<InMemoryUpstream> _opened = [];

    public string Name => name;

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

    /// <summary>An in-memory session lives and dies with its pipes: there is nothing to carry on.</summary>
    public bool CanResume => false;

    public UpstreamTransport Create(UpstreamDefinition definition, string? knownSessionId = null)
    {
        lock (_opened)
        {
            var upstream = new InMemoryUpstream(_opened.Count + 1);
            _opened.Add(upstream);
            Sessions.Add(upstream);
            return new UpstreamTransport(upstream.ClientTransport(), KeepSessionOnClose: null);
        }
    }
}
