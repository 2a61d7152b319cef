using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IAlwaysActiveGrain : IIdentityGrain;

[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AlwaysActiveGrain(GrainProbe probe) : IdentityGrain(probe), IAlwaysActiveGrain;
