using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

public sealed class DeactivationTests
{
    [Fact]
    public async Task DeactivateOnIdle_DeactivatesAfterTheTurn_AndTheNextCallActivatesAnew()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("requested");
        var first = await grain.GetInstanceIdAsync();

        await grain.RequestDeactivationAsync();
        await silo.Probe.WaitForAsync("deactivated:requested:Requested");
        await Eventually.TrueAsync(() => silo.Catalog.ActivationCount == 0, "the activation left the catalog");

        Assert.NotEqual(first, await grain.GetInstanceIdAsync());
    }

    [Fact]
    public async Task Call_QueuedBehindADeactivatingActivation_CompletesOnANewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("dying");
        var old = await grain.GetInstanceIdAsync();
        silo.Probe.CreateGate(ProbedGrain.HoldDeactivationGate("dying"));

        var deactivation = silo.Catalog.DeactivateAsync(grain.GetGrainId());
        await silo.Probe.WaitForAsync($"deactivating:dying:{old}");
        var queued = grain.GetInstanceIdAsync();
        Assert.False(queued.IsCompleted);

        silo.Open(ProbedGrain.HoldDeactivationGate("dying"));
        var fresh = await queued.Within();

        Assert.True(await deactivation);
        Assert.NotEqual(old, fresh);
        var events = silo.Probe.Events.ToList();
        Assert.True(
            events.IndexOf($"deactivated:dying:{old}") < events.IndexOf($"activated:dying:{fresh}"),
            "the new activation started only after the old one had finished deactivating");
    }

    [Fact]
    public async Task Call_QueuedBehindATurnThatRequestedDeactivation_RunsOnANewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("handover");

        var holding = grain.HoldThenDeactivateAsync("hold");
        await silo.Probe.WaitForAsync("holding:hold");
        var queued = grain.GetInstanceIdAsync();
        silo.Open("hold");

        var old = await holding.Within();
        var fresh = await queued.Within();
        Assert.NotEqual(old, fresh);
        Assert.Equal(2, silo.Probe.Count("activations:handover"));
    }

    [Fact]
    public async Task DeactivateAsync_OfAnInactiveGrain_ReturnsFalse()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.False(await silo.Catalog.DeactivateAsync(new GrainId("IdentityGrain", "never-called")));
    }
}
