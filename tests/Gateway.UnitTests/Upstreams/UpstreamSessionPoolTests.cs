using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using Gateway.Streams;
using Gateway.UnitTests.Catalog;
using Gateway.UnitTests.Support;
using Gateway.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// This silo's upstream sessions on a fake clock, over in-memory upstreams: one per client session,
/// closed after 30 minutes idle by the sweep that runs every 5, and a call that outlives the
/// upstream's timeout cancelled upstream.
/// </summary>
public sealed class UpstreamSessionPoolTests : IAsyncLifetime
{
    private const string Upstream = "mem";
    private const string Revision = "r1";
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryTransportFactory _upstreams = new();
    private UpstreamSessionPool _pool = null!;
    private int _nextId;

    private UpstreamDefinition Definition { get; set; } = new() { Name = Upstream, Transport = InMemoryTransportFactory.Transport, CallTimeoutSeconds = 600 };

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync() => await _pool.StopAsync(CancellationToken.None);

    [Fact]
    public async Task AStatefulUpstream_GetsOneUpstreamSessionPerClientSession_KeptAcrossCalls()
    {
        var answers = new[]
        {
            await EchoAsync("session-a"),
            await EchoAsync("session-b"),
            await EchoAsync("session-a"),
        };

        Assert.Equal(["1", "2", "1"], answers);
        Assert.Equal(2, _pool.Count);
    }

    [Fact]
    public async Task AStatelessUpstream_SharesOneConnection()
    {
        await RestartAsync(Definition with { Stateless = true });

        var answers = new[] { await EchoAsync("session-a"), await EchoAsync("session-b") };

        Assert.Equal(["1", "1"], answers);
        Assert.Equal(1, _pool.Count);
    }

    [Fact]
    public async Task TheSweep_ClosesAnUpstreamSessionIdleLongerThanThirtyMinutes_AndNoOther()
    {
        await EchoAsync("idle");
        await EchoAsync("busy");
        var (idle, busy) = (_upstreams.Opened[0], _upstreams.Opened[1]);

        // Sweeps at 5, 10, 15 and 20 min; "busy" is used again at 20 min, "idle" never. At 30 min
        // "idle" has been idle exactly the limit, which is not yet longer than it.
        AdvanceSweeps(4);
        await EchoAsync("busy");
        AdvanceSweeps(2);
        Assert.Equal(2, _pool.Count);

        // 35 min: "idle" has been idle longer than 30 min.
        AdvanceSweeps(1);
        Assert.Equal(1, _pool.Count);
        await idle.Closed.WaitAsync(TimeSpan.FromSeconds(15));

        // 50 min: "busy" idle exactly 30 min, kept; 55 min: gone too.
        AdvanceSweeps(3);
        Assert.Equal(1, _pool.Count);
        AdvanceSweeps(1);
        Assert.Equal(0, _pool.Count);
        await busy.Closed.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ASessionWhoseUpstreamSessionWasSwept_GetsAFreshOneOnItsNextCall()
    {
        await EchoAsync("returning");
        AdvanceSweeps(7);
        Assert.Equal(0, _pool.Count);

        var answer = await EchoAsync("returning");

        Assert.Equal("2", answer);
        Assert.Equal(1, _pool.Count);
    }

    /// <remarks>Ten minutes of timeout pass on the fake clock at once; on the wall clock the test would give up first.</remarks>
    [Fact]
    public async Task ACallOutlivingTheUpstreamsTimeout_AnswersTimeout_AndIsCancelledUpstream()
    {
        var call = SendAsync("slow", "wait");
        var upstream = await _upstreams.Sessions.NextAsync("the upstream session of the slow call");
        await upstream.WaitStarted.WaitAsync(TimeSpan.FromSeconds(15));

        _time.Advance(TimeSpan.FromSeconds(Definition.CallTimeoutSeconds));
        var reply = await call.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Null(reply.Result);
        Assert.Equal(GatewayErrorCodes.UpstreamTimeout, reply.Error?.Code);
        Assert.Equal($"Upstream '{Upstream}' did not answer tools/call within 600 s", reply.Error?.Message);
        await upstream.WaitCancelled.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("1", await EchoAsync("slow"));
    }

    [Fact]
    public async Task EndSession_ClosesThatSessionsUpstreamSessions_AndNoOther()
    {
        await EchoAsync("leaving");
        await EchoAsync("staying");

        await _pool.EndSessionAsync("leaving", System.Collections.Immutable.ImmutableDictionary<string, UpstreamSessionRecord>.Empty);

        Assert.Equal(1, _pool.Count);
        await _upstreams.Opened[0].Closed.WaitAsync(TimeSpan.FromSeconds(15));
        // The same upstream session as before, so it was not closed.
        Assert.Equal("2", await EchoAsync("staying"));
    }

    private async Task StartAsync()
    {
        var grains = new FakeGrainFactory()
            .With<IUpstreamGrain>(name => name == Upstream ? new FakeUpstreamGrain(Definition) : throw new InvalidOperationException($"upstream '{name}'"))
            .With<ICatalogGrain>(_ => new FakeCatalogGrain());
        var connector = new McpUpstreamConnector([_upstreams], new NoStreams(), NullLoggerFactory.Instance);
        var catalog = new CatalogCache(grains, _time, NullLogger<CatalogCache>.Instance);
        _pool = new UpstreamSessionPool(grains, connector, new UpstreamForwarder(_time, NullLogger<UpstreamForwarder>.Instance), catalog, _time,
            NullLogger<UpstreamSessionPool>.Instance);
        await _pool.StartAsync(CancellationToken.None);
    }

    private async Task RestartAsync(UpstreamDefinition definition)
    {
        await _pool.StopAsync(CancellationToken.None);
        Definition = definition;
        await StartAsync();
    }

    /// <summary>Moves the clock through that many sweeps, one at a time, so each sweep sees its own time.</summary>
    private void AdvanceSweeps(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(Sweep);
        }
    }

    /// <summary>Calls "echo" for the session; the answer is the number of the upstream session that served it.</summary>
    private async Task<string> EchoAsync(string session)
    {
        var reply = await SendAsync(session, "echo");
        Assert.Null(reply.Error);
        return (string?)reply.Result?["content"]?[0]?["text"] ?? throw new InvalidOperationException($"echo answered {reply.Result}");
    }

    private Task<UpstreamReply> SendAsync(string session, string tool)
    {
        var request = new UpstreamRequest(session, Upstream, RequestMethods.ToolsCall, new JsonObject { ["name"] = tool },
            new RequestId(Interlocked.Increment(ref _nextId)), null, null, null);
        var published = UpstreamCatalog.Empty(Upstream) with { Revision = Revision };
        return _pool.SendAsync(request, published, CancellationToken.None);
    }

    /// <summary>No client stream is open: these tests send no progress.</summary>
    private sealed class NoStreams : IClientStreamDelivery
    {
        public ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item) => ValueTask.FromResult(false);

        public ValueTask<bool> IsOpenAsync(StreamAddress target) => ValueTask.FromResult(false);
    }
}
