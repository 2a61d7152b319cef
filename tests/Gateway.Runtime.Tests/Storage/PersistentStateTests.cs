using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Tests.Storage;

public sealed class PersistentStateTests
{
    [Fact]
    public async Task State_IsReadBeforeOnActivateAsyncRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var storage = silo.Services.GetRequiredService<IGrainStorageFactory>().Get(null);
        await storage.WriteAsync("counter", new GrainId("CounterGrain", "preloaded"), """{"value":41}""", null, CancellationToken.None);

        var seen = await silo.Grain<ICounterGrain>("preloaded").GetValueSeenOnActivationAsync();

        Assert.Equal(41, seen);
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ICounterGrain>("durable");
        await grain.IncrementAsync();
        await grain.IncrementAsync();

        await grain.RequestDeactivationAsync();
        await silo.Probe.WaitForAsync("deactivated:durable:Requested");

        Assert.Equal(2, await grain.GetAsync());
        Assert.Equal(2, silo.Probe.Count("activations:durable"));
    }

    [Fact]
    public async Task State_IsStoredAsCamelCaseJson()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grain<ICounterGrain>("json").IncrementAsync();

        var storage = silo.Services.GetRequiredService<IGrainStorageFactory>().Get(null);
        var record = await storage.ReadAsync("counter", new GrainId("CounterGrain", "json"), CancellationToken.None);

        Assert.NotNull(record);
        Assert.StartsWith("""{"value":1,"history":[""", record.Payload);
    }

    [Fact]
    public async Task ClearState_RemovesTheRecordAndResetsTheState()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ICounterGrain>("cleared");
        await grain.IncrementAsync();

        await grain.ClearAsync();

        Assert.Equal(0, await grain.GetAsync());
        Assert.False(await grain.RecordExistsAsync());
        var storage = silo.Services.GetRequiredService<IGrainStorageFactory>().Get(null);
        Assert.Null(await storage.ReadAsync("counter", new GrainId("CounterGrain", "cleared"), CancellationToken.None));
        Assert.Equal(1, await grain.IncrementAsync());
    }

    [Fact]
    public async Task Write_FromAStaleCopy_ThrowsInconsistentState()
    {
        var storage = new MemoryGrainStorage();
        var grainId = new GrainId("CounterGrain", "two-copies");
        var current = new PersistentState<CounterState>("counter", grainId, storage);
        var stale = new PersistentState<CounterState>("counter", grainId, storage);
        await current.ReadStateAsync();
        await stale.ReadStateAsync();

        current.State.Value = 1;
        await current.WriteStateAsync();
        stale.State.Value = 99;

        await Assert.ThrowsAsync<InconsistentStateException>(() => stale.WriteStateAsync());
        await stale.ReadStateAsync();
        Assert.Equal(1, stale.State.Value);
        Assert.Equal(current.Etag, stale.Etag);
    }

    [Fact]
    public async Task States_OfTheSameType_ReachTheirOwnParametersAndProviders()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ITwoStatesGrain>("pair");

        await grain.SetAsync(1, 2);

        var storages = silo.Services.GetRequiredService<IGrainStorageFactory>();
        var id = new GrainId("TwoStatesGrain", "pair");
        Assert.Contains("\"value\":1", (await storages.Get(null).ReadAsync("first", id, CancellationToken.None))?.Payload);
        Assert.Contains("\"value\":2", (await storages.Get("Other").ReadAsync("second", id, CancellationToken.None))?.Payload);
        Assert.Null(await storages.Get(null).ReadAsync("second", id, CancellationToken.None));
        Assert.Equal(new[] { 1, 2 }, await grain.GetAsync());
    }

    [Fact]
    public async Task Activation_WithAnUnknownStorageProvider_FailsNamingTheProvider()
    {
        await using var silo = await TestSilo.StartAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(silo.Grain<IMissingStorageGrain>("orphan").PingAsync);

        Assert.Contains("'NoSuchProvider'", failure.Message);
    }
}
