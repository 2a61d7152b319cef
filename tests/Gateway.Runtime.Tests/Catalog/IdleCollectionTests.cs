using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

/// <summary>The silo's collection age is 10 minutes, checked every minute of the fake clock.</summary>
public sealed class IdleCollectionTests
{
    [Fact]
    public async Task Activation_IdleLongerThanTheCollectionAge_IsDeactivated()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("idle");
        var first = await grain.GetInstanceIdAsync();

        silo.Time.Advance(TimeSpan.FromMinutes(11));

        await silo.Probe.WaitForAsync("deactivated:idle:Idle");
        await Eventually.TrueAsync(() => silo.Catalog.ActivationCount == 0, "the idle activation left the catalog");
        Assert.NotEqual(first, await grain.GetInstanceIdAsync());
    }

    [Fact]
    public async Task Activation_CalledWithinTheCollectionAge_StaysActive()
    {
        await using var silo = await TestSilo.StartAsync();
        var busy = silo.Grain<IIdentityGrain>("busy");
        var busyId = await busy.GetInstanceIdAsync();
        await silo.Grain<IIdentityGrain>("forgotten").GetInstanceIdAsync();

        silo.Time.Advance(TimeSpan.FromMinutes(9));
        await busy.GetInstanceIdAsync();
        silo.Time.Advance(TimeSpan.FromMinutes(2));

        // One collection pass judges every activation before deactivating any, so once "forgotten"
        // is gone the pass that spared "busy" is over.
        await silo.Probe.WaitForAsync("deactivated:forgotten:Idle");
        Assert.Equal(busyId, await busy.GetInstanceIdAsync());
        Assert.DoesNotContain("deactivating:busy:" + busyId, silo.Probe.Events);
    }

    [Fact]
    public async Task AlwaysActiveActivation_IsNeverCollected()
    {
        await using var silo = await TestSilo.StartAsync();
        var keeper = silo.Grain<IAlwaysActiveGrain>("keeper");
        var keeperId = await keeper.GetInstanceIdAsync();
        await silo.Grain<IIdentityGrain>("fence").GetInstanceIdAsync();

        silo.Time.Advance(TimeSpan.FromHours(5));

        await silo.Probe.WaitForAsync("deactivated:fence:Idle");
        Assert.True(silo.Catalog.IsActive(keeper.GetGrainId()));
        Assert.Equal(keeperId, await keeper.GetInstanceIdAsync());
    }

    [Fact]
    public async Task Activation_WithItsOwnCollectionAgeLimit_IsCollectedAfterThatAge()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grain<IShortLivedGrain>("short").GetInstanceIdAsync();
        var standard = silo.Grain<IIdentityGrain>("standard");
        var standardId = await standard.GetInstanceIdAsync();

        silo.Time.Advance(TimeSpan.FromMinutes(3));

        await silo.Probe.WaitForAsync("deactivated:short:Idle");
        Assert.True(silo.Catalog.IsActive(standard.GetGrainId()));
        Assert.Equal(standardId, await standard.GetInstanceIdAsync());
    }

    [Fact]
    public async Task TimerTicks_DoNotKeepAnActivationAlive()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITimerGrain>("ticking");
        var id = await grain.StartTimerAsync(TimeSpan.FromMinutes(1));

        for (var minute = 1; minute <= 10; minute++)
        {
            silo.Time.Advance(TimeSpan.FromMinutes(1));
            await silo.Probe.WaitForAsync($"tick:{id}:{minute}");
        }

        silo.Time.Advance(TimeSpan.FromMinutes(1));

        await silo.Probe.WaitForAsync("deactivated:ticking:Idle");
    }
}
