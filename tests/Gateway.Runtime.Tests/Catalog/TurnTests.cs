using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

public sealed class TurnTests
{
    [Fact]
    public async Task Call_WhileAnotherCallRuns_WaitsForTheFirst()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITurnGrain>("turns");

        var first = grain.HoldAsync("first");
        await silo.Probe.WaitForAsync("enter:first");
        silo.Open("second");
        var second = grain.HoldAsync("second");

        // The interleaving peek is scheduled on the activation after the second call would have been,
        // so if the second call did not wait for the turn it would already have logged "enter:second".
        var seenWhileFirstRuns = await grain.PeekLogAsync().Within();
        Assert.Equal(["enter:first"], seenWhileFirstRuns);
        Assert.False(second.IsCompleted);

        silo.Open("first");
        await Task.WhenAll(first, second).Within();
        Assert.Equal(["enter:first", "exit:first", "enter:second", "exit:second"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task AlwaysInterleaveCall_WhileATurnAwaits_RunsWithoutWaiting()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITurnGrain>("interleave");

        var held = grain.HoldAsync("held");
        await silo.Probe.WaitForAsync("enter:held");

        var log = await grain.PeekLogAsync().Within();

        Assert.Equal(["enter:held"], log);
        Assert.False(held.IsCompleted);
        silo.Open("held");
        await held.Within();
    }

    [Fact]
    public async Task InterleavedAndTurnCalls_UnderLoad_NeverRunInParallel()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITurnGrain>("load");
        await grain.GetLogAsync();

        var calls = Enumerable.Range(0, 64)
            .Select(i => Task.Run(() => i % 4 == 0 ? grain.TurnWorkAsync(10) : grain.InterleavedWorkAsync(10)));
        await Task.WhenAll(calls).Within();

        Assert.Equal(1, silo.Probe.MaxConcurrency);
    }

    [Fact]
    public async Task Call_CancelledWhileWaitingForTheTurn_NeverRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITurnGrain>("cancel");
        var held = grain.HoldAsync("held");
        await silo.Probe.WaitForAsync("enter:held");

        using var cancellation = new CancellationTokenSource();
        var queued = grain.RecordAsync("cancelled", cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued).Within();
        silo.Open("held");
        await held.Within();
        await grain.RecordAsync("after", CancellationToken.None);
        Assert.Equal(["enter:held", "exit:held", "after"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task GrainCode_AfterAwaitingAnotherGrain_ResumesOnItsOwnActivation()
    {
        await using var silo = await TestSilo.StartAsync();

        var resumedOnOwnScheduler = await silo.Grain<IRelayGrain>("relay").CallOtherAndCheckSchedulerAsync("other").Within();

        Assert.True(resumedOnOwnScheduler);
    }
}
