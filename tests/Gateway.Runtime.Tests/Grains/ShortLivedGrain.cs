using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IShortLivedGrain : IIdentityGrain;

[CollectionAgeLimit(Minutes = 2)]
public sealed class ShortLivedGrain(GrainProbe probe) : IdentityGrain(probe), IShortLivedGrain;
