using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Streams;
using Gateway.UnitTests.Catalog;
using Gateway.UnitTests.Support;
using Gateway.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// One silo's <see cref="UpstreamSessionPool"/>, started, on a fake clock, with one upstream whose
/// every upstream session is a new <see cref="InMemoryUpstream"/> over the definition's transport
/// name (so "stdio" stands for a process each).
/// </summary>
public sealed class InMemoryPool : IAsyncDisposable
{
    public const string Upstream = "mem";
    private const string Revision = "r1";

    private int _nextId;

    private InMemoryPool(UpstreamDefinition definition, FakeTimeProvider time, InMemoryTransportFactory upstreams, UpstreamSessionPool pool)
    {
        Definition = definition;
        Time = time;
        Upstreams = upstreams;
        Pool = pool;
    }

    public UpstreamDefinition Definition { get; }

    public FakeTimeProvider Time { get; }

    public InMemoryTransportFactory Upstreams { get; }

    public UpstreamSessionPool Pool { get; }

    public static UpstreamDefinition DefaultDefinition { get; } =
        new() { Name = Upstream, Transport = InMemoryTransportFactory.Transport, CallTimeoutSeconds = 600 };

    public static async Task<InMemoryPool> StartAsync(UpstreamDefinition definition)
    {
        var time = new FakeTimeProvider();
        var upstreams = new InMemoryTransportFactory(definition.Transport);
        var grains = new FakeGrainFactory()
            .With<IUpstreamGrain>(name => name == Upstream ? new FakeUpstreamGrain(definition) : throw new InvalidOperationException($"upstream '{name}'"))
            .With<ICatalogGrain>(_ => new FakeCatalogGrain());
        var connector = new McpUpstreamConnector([upstreams], new NoStreams(), NullLoggerFactory.Instance);
        var catalog = new CatalogCache(grains, time, NullLogger<CatalogCache>.Instance);
        var pool = new UpstreamSessionPool(grains, connector, new UpstreamForwarder(NullLogger<UpstreamForwarder>.Instance), catalog, time,
            NullLogger<UpstreamSessionPool>.Instance);
        await pool.StartAsync(CancellationToken.None);
        return new InMemoryPool(definition, time, upstreams, pool);
    }

    /// <summary>Calls "echo" for the session; the answer is the number of the upstream session that served it.</summary>
    public async Task<string> EchoAsync(string session)
    {
        var reply = await SendAsync(session, "echo");
        Assert.Null(reply.Error);
        return (string?)reply.Result?["content"]?[0]?["text"] ?? throw new InvalidOperationException($"echo answered {reply.Result}");
    }

    public Task<UpstreamReply> SendAsync(string session, string tool)
    {
        var request = new UpstreamRequest(session, Upstream, RequestMethods.ToolsCall, new JsonObject { ["name"] = tool },
            new RequestId(Interlocked.Increment(ref _nextId)), null, null, null);
        var published = UpstreamCatalog.Empty(Upstream) with { Revision = Revision };
        return Pool.SendAsync(request, published, CancellationToken.None);
    }

    /// <summary>Moves the clock on in steps, so that each timer sees its own time.</summary>
    public void Advance(TimeSpan step, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Time.Advance(step);
        }
    }

    public async ValueTask DisposeAsync() => await Pool.StopAsync(CancellationToken.None);

    /// <summary>No client stream is open: these tests send no progress.</summary>
    private sealed class NoStreams : IClientStreamDelivery
    {
        public ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item) => ValueTask.FromResult(false);

        public ValueTask<bool> IsOpenAsync(StreamAddress target) => ValueTask.FromResult(false);
    }
}
