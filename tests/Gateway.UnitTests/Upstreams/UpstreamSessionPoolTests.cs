using Gateway.Protocol;
using Gateway.Upstreams;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// This silo's upstream sessions on a fake clock, over in-memory upstreams: one per client session,
/// closed once idle longer than 30 minutes (the sweep runs every minute), and a call that outlives
/// the upstream's timeout cancelled upstream.
/// </summary>
public sealed class UpstreamSessionPoolTests : IAsyncLifetime
{
    private const string Upstream = InMemoryPool.Upstream;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);

    private InMemoryPool _memory = null!;

    private UpstreamSessionPool Pool => _memory.Pool;

    public async Task InitializeAsync() => _memory = await InMemoryPool.StartAsync(InMemoryPool.DefaultDefinition);

    public async Task DisposeAsync() => await _memory.DisposeAsync();

    [Fact]
    public async Task AStatefulUpstream_GetsOneUpstreamSessionPerClientSession_KeptAcrossCalls()
    {
        var answers = new[]
        {
            await _memory.EchoAsync("session-a"),
            await _memory.EchoAsync("session-b"),
            await _memory.EchoAsync("session-a"),
        };

        Assert.Equal(["1", "2", "1"], answers);
        Assert.Equal(2, Pool.Count);
    }

    [Fact]
    public async Task AStatelessUpstream_SharesOneConnection()
    {
        await RestartAsync(InMemoryPool.DefaultDefinition with { Stateless = true });

        var answers = new[] { await _memory.EchoAsync("session-a"), await _memory.EchoAsync("session-b") };

        Assert.Equal(["1", "1"], answers);
        Assert.Equal(1, Pool.Count);
    }

    [Fact]
    public async Task TheSweep_ClosesAnUpstreamSessionIdleLongerThanThirtyMinutes_AndNoOther()
    {
        await _memory.EchoAsync("idle");
        await _memory.EchoAsync("busy");
        var (idle, busy) = (_memory.Upstreams.Opened[0], _memory.Upstreams.Opened[1]);

        // "busy" is used again at 20 min, "idle" never. At 30 min "idle" has been idle exactly the
        // limit, which is not yet longer than it.
        _memory.Advance(Step, 4);
        await _memory.EchoAsync("busy");
        _memory.Advance(Step, 2);
        Assert.Equal(2, Pool.Count);

        // 35 min: "idle" has been idle longer than 30 min.
        _memory.Advance(Step, 1);
        Assert.Equal(1, Pool.Count);
        await idle.Closed.WaitAsync(TimeSpan.FromSeconds(15));

        // 50 min: "busy" idle exactly 30 min, kept; 55 min: gone too.
        _memory.Advance(Step, 3);
        Assert.Equal(1, Pool.Count);
        _memory.Advance(Step, 1);
        Assert.Equal(0, Pool.Count);
        await busy.Closed.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ASessionWhoseUpstreamSessionWasSwept_GetsAFreshOneOnItsNextCall()
    {
        await _memory.EchoAsync("returning");
        _memory.Advance(Step, 7);
        Assert.Equal(0, Pool.Count);

        var answer = await _memory.EchoAsync("returning");

        Assert.Equal("2", answer);
        Assert.Equal(1, Pool.Count);
    }

    /// <remarks>Ten minutes of timeout pass on the fake clock at once; on the wall clock the test would give up first.</remarks>
    [Fact]
    public async Task ACallOutlivingTheUpstreamsTimeout_AnswersTimeout_AndIsCancelledUpstream()
    {
        var call = _memory.SendAsync("slow", "wait");
        var upstream = await _memory.Upstreams.Sessions.NextAsync("the upstream session of the slow call");
        await upstream.WaitStarted.WaitAsync(TimeSpan.FromSeconds(15));

        _memory.Time.Advance(TimeSpan.FromSeconds(_memory.Definition.CallTimeoutSeconds));
        var reply = await call.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Null(reply.Result);
        Assert.Equal(GatewayErrorCodes.UpstreamTimeout, reply.Error?.Code);
        Assert.Equal($"Upstream '{Upstream}' did not answer tools/call within 600 s", reply.Error?.Message);
        await upstream.WaitCancelled.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("1", await _memory.EchoAsync("slow"));
    }

    [Fact]
    public async Task EndSession_ClosesThatSessionsUpstreamSessions_AndNoOther()
    {
        await _memory.EchoAsync("leaving");
        await _memory.EchoAsync("staying");

        await Pool.EndSessionAsync("leaving", System.Collections.Immutable.ImmutableDictionary<string, UpstreamSessionRecord>.Empty);

        Assert.Equal(1, Pool.Count);
        await _memory.Upstreams.Opened[0].Closed.WaitAsync(TimeSpan.FromSeconds(15));
        // The same upstream session as before, so it was not closed.
        Assert.Equal("2", await _memory.EchoAsync("staying"));
    }

    private async Task RestartAsync(UpstreamDefinition definition)
    {
        await _memory.DisposeAsync();
        _memory = await InMemoryPool.StartAsync(definition);
    }
}
