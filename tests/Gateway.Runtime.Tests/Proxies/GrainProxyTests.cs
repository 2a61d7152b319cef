using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Proxies;

public sealed class GrainProxyTests
{
    [Fact]
    public async Task Proxy_ReturnsEverySupportedReturnShape()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IReturnShapesGrain>("shapes");

        await grain.DoAsync();
        await grain.DoLaterAsync();
        await grain.PingAsync();
        await grain.PingLaterAsync();
        Assert.Equal(5, await grain.AddAsync(2, 3));
        Assert.Equal(7, await grain.AddLaterAsync(3, 4));
        Assert.Equal("now", await grain.EchoAsync("now"));
        Assert.Equal("later", await grain.EchoLaterAsync("later"));
        Assert.Null(await grain.GetNothingAsync());
        Assert.Equal((42, "answer"), await grain.GetPairAsync());
    }

    [Fact]
    public async Task Proxy_PassesTheCallersCancellationTokenToTheGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<IReturnShapesGrain>("cancellable");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellationAsync("never", cancellation.Token);
        await silo.Probe.WaitForAsync("waiting:never");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within();
        Assert.Equal(3, await grain.AddAsync(1, 2));
    }

    [Fact]
    public async Task Proxies_OfTheSameGrain_AreEqualAndNameTheirGrain()
    {
        await using var silo = await TestSilo.StartAsync();

        var first = silo.Grain<IIdentityGrain>("k");
        var second = silo.Grain<IIdentityGrain>("k");

        Assert.Equal(first, second);
        Assert.NotEqual(first, silo.Grain<IIdentityGrain>("other"));
        Assert.Equal(new GrainId("IdentityGrain", "k"), first.GetGrainId());
        Assert.Equal("IdentityGrain/k", first.ToString());
        Assert.Equal(0, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task GrainTypeAttribute_NamesTheGrainType()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grain<ICustomNamedGrain>("named");

        Assert.Equal(new GrainId("custom-name", "named"), grain.GetGrainId());
        Assert.Equal("named", await grain.GetKeyAsync());
    }

    [Fact]
    public async Task GetGrain_OfAnInterfaceWithASynchronousMethod_FailsNamingTheMethod()
    {
        await using var silo = await TestSilo.StartAsync();

        var failure = Assert.Throws<NotSupportedException>(() => silo.Grain<ISynchronousGrain>("x"));

        Assert.Contains("ISynchronousGrain.GetNumber", failure.Message);
    }

    [Fact]
    public async Task GetGrain_WithAnEmptyKey_Throws()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Throws<ArgumentException>(() => silo.Grain<IIdentityGrain>(""));
    }
}
