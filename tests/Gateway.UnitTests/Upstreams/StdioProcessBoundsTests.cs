using Gateway.Protocol;
using Gateway.UnitTests.Support;
using Gateway.Upstreams;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// A stdio upstream's processes on one silo, each played by an in-memory upstream session: at most
/// MaxProcesses of them however many sessions call at once, a session beyond that refused (never
/// handed another's process) until one is freed, and a process its session leaves unused for
/// ProcessIdleTimeoutSeconds stopped, but never one a call is still using.
/// </summary>
public sealed class StdioProcessBoundsTests : IAsyncLifetime
{
    private static readonly UpstreamDefinition Stdio = InMemoryPool.DefaultDefinition with { Transport = UpstreamTransports.Stdio };

    private InMemoryPool _memory = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _memory.DisposeAsync();

    [Fact]
    public async Task ASessionNeedingAProcessBeyondMaxProcesses_IsRefusedNamingTheLimit_AndTheOthersKeepTheirs()
    {
        await StartAsync(Stdio with { MaxProcesses = 2 });
        Assert.Equal("1", await _memory.EchoAsync("a"));
        Assert.Equal("2", await _memory.EchoAsync("b"));

        var refused = await _memory.SendAsync("c", "echo");

        Assert.Null(refused.Result);
        Assert.Equal(GatewayErrorCodes.UpstreamUnavailable, refused.Error?.Code);
        Assert.Equal("Upstream 'mem' is running its limit of 2 processes (MaxProcesses) on this node; close idle sessions or raise MaxProcesses",
            refused.Error?.Message);
        Assert.Equal(2, _memory.Upstreams.Opened.Count);
        Assert.Equal(2, _memory.Pool.ProcessesOf(InMemoryPool.Upstream));
        Assert.Equal("1", await _memory.EchoAsync("a"));
        Assert.Equal("2", await _memory.EchoAsync("b"));
    }

    [Fact]
    public async Task ConcurrentFirstCalls_StartNoMoreProcessesThanMaxProcesses()
    {
        await StartAsync(Stdio with { MaxProcesses = 3 });

        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => _memory.SendAsync($"session-{i}", "echo"))));

        Assert.Equal(3, replies.Count(r => r.Error is null));
        Assert.All(replies.Where(r => r.Error is not null), r => Assert.Contains("MaxProcesses", r.Error!.Message));
        Assert.Equal(3, _memory.Upstreams.Opened.Count);
        Assert.Equal(3, _memory.Pool.ProcessesOf(InMemoryPool.Upstream));
    }

    [Fact]
    public async Task ARefusedSession_GetsAProcessOnceAnotherSessionEnds()
    {
        await StartAsync(Stdio with { MaxProcesses = 1 });
        await _memory.EchoAsync("first");
        Assert.NotNull((await _memory.SendAsync("second", "echo")).Error);

        await _memory.Pool.EndSessionAsync("first", System.Collections.Immutable.ImmutableDictionary<string, UpstreamSessionRecord>.Empty);

        Assert.Equal("2", await _memory.EchoAsync("second"));
        Assert.Equal(1, _memory.Pool.ProcessesOf(InMemoryPool.Upstream));
    }

    [Fact]
    public async Task AProcessUnusedForItsIdleTimeout_IsStopped_AndItsSessionsNextCallStartsAFreshOne()
    {
        await StartAsync(Stdio with { ProcessIdleTimeoutSeconds = 10 });
        await _memory.EchoAsync("a");
        var first = _memory.Upstreams.Opened[0];

        // The sweep runs every 5 s (half the timeout). At 10 s the process has been unused exactly
        // its timeout, which is not yet longer than it.
        _memory.Advance(TimeSpan.FromSeconds(5), 2);
        Assert.Equal(1, _memory.Pool.Count);
        Assert.False(first.Closed.IsCompleted);

        _memory.Advance(TimeSpan.FromSeconds(5), 1);
        Assert.Equal(0, _memory.Pool.Count);
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.EqualsAsync(0, () => _memory.Pool.ProcessesOf(InMemoryPool.Upstream), "processes counted once the idle one stopped");

        Assert.Equal("2", await _memory.EchoAsync("a"));
        Assert.Equal(1, _memory.Pool.ProcessesOf(InMemoryPool.Upstream));
    }

    [Fact]
    public async Task AProcessBusyWithACallLongerThanItsIdleTimeout_IsNotStopped()
    {
        await StartAsync(Stdio with { ProcessIdleTimeoutSeconds = 10, CallTimeoutSeconds = 600 });
        var call = _memory.SendAsync("busy", "wait");
        var process = await _memory.Upstreams.Sessions.NextAsync("the process of the long call");
        await process.WaitStarted.WaitAsync(TimeSpan.FromSeconds(15));

        _memory.Advance(TimeSpan.FromSeconds(5), 12);

        Assert.False(call.IsCompleted);
        Assert.False(process.Closed.IsCompleted);
        Assert.Equal(1, _memory.Pool.Count);

        // The call times out at 600 s; from then on the process is unused, and stopped 10 s later.
        _memory.Time.Advance(TimeSpan.FromSeconds(540));
        Assert.Equal(GatewayErrorCodes.UpstreamTimeout, (await call.WaitAsync(TimeSpan.FromSeconds(15))).Error?.Code);
        Assert.Equal(1, _memory.Pool.Count);
        _memory.Advance(TimeSpan.FromSeconds(5), 3);
        Assert.Equal(0, _memory.Pool.Count);
        await process.Closed.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private async Task StartAsync(UpstreamDefinition definition) => _memory = await InMemoryPool.StartAsync(definition);
}
