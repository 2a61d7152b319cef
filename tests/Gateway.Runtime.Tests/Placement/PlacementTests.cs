using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Runtime.Tests.Placement;

public sealed class PlacementTests
{
    [Fact]
    public async Task LocalPlacement_PlacesEveryGrainOnThisSilo()
    {
        await using var silo = await TestSilo.StartAsync();
        var placement = silo.Services.GetRequiredService<IPlacementDirector>();

        var placed = await placement.PlaceAsync(new GrainId("IdentityGrain", "anything"), CancellationToken.None);

        Assert.Equal(silo.Services.GetRequiredService<SiloIdentity>(), placed);
    }

    [Fact]
    public async Task Call_ToAGrainPlacedOnAnotherSilo_FailsWhenNoClusterRouterIsRegistered()
    {
        await using var silo = await TestSilo.StartAsync(
            services => services.Replace(ServiceDescriptor.Singleton<IPlacementDirector, ElsewherePlacement>()));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(silo.Grain<IIdentityGrain>("remote").GetInstanceIdAsync);

        Assert.Contains("silo-elsewhere", failure.Message);
        Assert.Equal(0, silo.Catalog.ActivationCount);
    }

    private sealed class ElsewherePlacement : IPlacementDirector
    {
        public async ValueTask<SiloIdentity> PlaceAsync(GrainId grainId, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new SiloIdentity("silo-elsewhere");
        }
    }
}
