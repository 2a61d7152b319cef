using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Gateway.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Timer_TicksOnTheFakeClock()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("clock");
        var id = await grain.StartTimerAsync(Period);

        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{id}:1");
        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{id}:2");

        Assert.Equal(["tick:1", "tick:2"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task TimerTick_WhileACallHoldsTheTurn_WaitsForTheCall()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("turn");
        var id = await grain.StartTimerAsync(Period);
        var held = grain.HoldAsync("held");
        await silo.Probe.WaitForAsync("enter:held");

        silo.Time.Advance(Period);

        // Scheduled after the tick would have been: a tick that skipped the turn would show here.
        Assert.Equal(["enter:held"], await grain.PeekLogAsync().Within());
        silo.Open("held");
        await held.Within();
        await silo.Probe.WaitForAsync($"tick:{id}:1");
        Assert.Equal(["enter:held", "exit:held", "tick:1"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task InterleavingTimerTick_RunsWhileACallAwaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("interleaving");
        var id = await grain.StartTimerAsync(Period, interleave: true);
        var held = grain.HoldAsync("held");
        await silo.Probe.WaitForAsync("enter:held");

        silo.Time.Advance(Period);

        await silo.Probe.WaitForAsync($"tick:{id}:1");
        Assert.False(held.IsCompleted);
        silo.Open("held");
        await held.Within();
    }

    [Fact]
    public async Task DisposedTimer_StopsTicking()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("disposed");
        var id = await grain.StartTimerAsync(Period);
        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{id}:1");

        await grain.StopTimerAsync();
        silo.Time.Advance(Period * 3);

        // A live timer would have queued its tick during Advance, ahead of this call.
        Assert.Equal(["tick:1"], await grain.GetLogAsync());
    }

    [Fact]
    public async Task Timer_AfterDeactivation_StopsTicking()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("deactivated");
        var old = await grain.StartTimerAsync(Period);
        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{old}:1");

        await grain.RequestDeactivationAsync();
        await silo.Probe.WaitForAsync($"deactivated:deactivated:{old}");
        silo.Time.Advance(Period * 3);

        // Fence: a timer of a new activation ticks on a later advance than any tick of the old one.
        var fresh = await grain.StartTimerAsync(Period);
        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{fresh}:1");
        Assert.DoesNotContain($"tick:{old}:2", silo.Probe.Events);
    }

    [Fact]
    public async Task TimerTick_WhenTheCallbackThrows_IsLoggedAndTheTimerKeepsTicking()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("failing");
        var id = await grain.StartTimerAsync(Period, fail: true);

        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{id}:1");
        silo.Time.Advance(Period);
        await silo.Probe.WaitForAsync($"tick:{id}:2");

        await Eventually.TrueAsync(
            () => silo.Logs.Entries.Count(e => e.EventId.Id == 1201 && e.Level == LogLevel.Warning) >= 2,
            "both failed ticks were logged");
        Assert.Equal(["tick:1", "tick:2"], await grain.GetLogAsync());
    }
}
