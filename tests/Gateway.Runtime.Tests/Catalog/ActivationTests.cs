using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Catalog;

public sealed class ActivationTests
{
    [Fact]
    public async Task Calls_WithTheSameKey_ReachTheSameActivation()
    {
        await using var silo = await TestSilo.StartAsync();

        var first = await silo.Grain<IIdentityGrain>("same").GetInstanceIdAsync();
        var second = await silo.Grain<IIdentityGrain>("same").GetInstanceIdAsync();

        Assert.Equal(first, second);
        Assert.Equal(1, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task Calls_WithDifferentKeys_ReachDifferentActivations()
    {
        await using var silo = await TestSilo.StartAsync();

        var first = await silo.Grain<IIdentityGrain>("one").GetInstanceIdAsync();
        var second = await silo.Grain<IIdentityGrain>("two").GetInstanceIdAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(2, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task ConcurrentFirstCalls_CreateASingleActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("race");

        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(grain.GetInstanceIdAsync))).Within();

        Assert.Single(ids.Distinct());
        Assert.Equal(1, silo.Probe.Count("activations:race"));
    }

    [Fact]
    public async Task GrainMethod_WhenItThrows_FailsOnlyThatCall()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IIdentityGrain>("thrower");
        var before = await grain.GetInstanceIdAsync();

        var asyncFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAsync("async boom"));
        var syncFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailSynchronouslyAsync("sync boom"));

        Assert.Equal("async boom", asyncFailure.Message);
        Assert.Equal("sync boom", syncFailure.Message);
        Assert.Equal(before, await grain.GetInstanceIdAsync());
        Assert.Equal(1, silo.Probe.Count("activations:thrower"));
    }

    [Fact]
    public async Task Activation_WhenOnActivateThrows_FailsTheCallAndIsRetriedByTheNext()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IFlakyActivationGrain>("flaky");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(grain.GetActivationAttemptsAsync);
        Assert.Equal("activation failed on purpose", failure.Message);
        Assert.Equal(0, silo.Catalog.ActivationCount);

        Assert.Equal(2, await grain.GetActivationAttemptsAsync());
        Assert.Equal(1, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task Call_ToAGrainTypeWithNoClass_FailsNamingTheType()
    {
        await using var silo = await TestSilo.StartAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(silo.Grain<IUnregisteredGrain>("x").PingAsync);

        Assert.Contains("'UnregisteredGrain'", failure.Message);
        Assert.Contains("AddGrain", failure.Message);
    }

    [Fact]
    public async Task Grain_IsConstructedWithItsDependenciesFromTheContainer()
    {
        await using var silo = await TestSilo.StartAsync();

        await silo.Grain<IIdentityGrain>("injected").GetInstanceIdAsync();

        // ProbedGrain reports its activation through the GrainProbe singleton it was constructed with.
        Assert.Equal(1, silo.Probe.Count("activations:injected"));
    }
}
