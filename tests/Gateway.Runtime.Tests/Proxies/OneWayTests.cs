using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Proxies;

public sealed class OneWayTests
{
    [Fact]
    public async Task OneWayCall_ReturnsBeforeTheGrainMethodFinishes()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IOneWayGrain>("fire");

        var call = grain.FireAsync("go");
        var valueCall = grain.FireValueAsync("go-value");

        Assert.True(call.IsCompletedSuccessfully);
        Assert.True(valueCall.IsCompletedSuccessfully);
        silo.Open("go");
        await silo.Probe.WaitForAsync("fired:go");
        silo.Open("go-value");
        await silo.Probe.WaitForAsync("fired:go-value");
        Assert.Equal(2, await grain.GetFiredCountAsync());
    }

    [Fact]
    public async Task OneWayCall_WhenTheGrainThrows_IsLoggedAndNeverThrown()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IOneWayGrain>("fail");

        var call = grain.FailAsync("one-way boom");

        Assert.True(call.IsCompletedSuccessfully);
        await call;
        await Eventually.TrueAsync(
            () => silo.Logs.Entries.Any(e => e.EventId.Id == 1101 && e.Exception?.Message == "one-way boom"),
            "the one-way failure was logged");
        Assert.Equal(0, await grain.GetFiredCountAsync());
    }
}
