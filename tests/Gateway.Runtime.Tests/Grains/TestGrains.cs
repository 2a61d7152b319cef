using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Tests.Grains;

public static class TestGrains
{
    public static IServiceCollection AddAll(IServiceCollection services) => services
        .AddGrain<IIdentityGrain, IdentityGrain>()
        .AddGrain<IAlwaysActiveGrain, AlwaysActiveGrain>()
        .AddGrain<IShortLivedGrain, ShortLivedGrain>()
        .AddGrain<IFlakyActivationGrain, FlakyActivationGrain>()
        .AddGrain<ITurnGrain, TurnGrain>()
        .AddGrain<IReturnShapesGrain, ReturnShapesGrain>()
        .AddGrain<IRelayGrain, RelayGrain>()
        .AddGrain<IOneWayGrain, OneWayGrain>()
        .AddGrain<ITimerGrain, TimerGrain>()
        .AddGrain<ICounterGrain, CounterGrain>()
        .AddGrain<ITwoStatesGrain, TwoStatesGrain>()
        .AddGrain<IMissingStorageGrain, MissingStorageGrain>()
        .AddGrain<ICustomNamedGrain, CustomNamedGrain>();
}
