using Orleans.Placement;

namespace Gateway.Benchmarks.GrainCalls;

/// <summary>
/// Placed on the silo that first calls it, so that a benchmark decides where it lives
/// (<see cref="Hosting.TwoSiloCluster.PlaceOnFarSiloAsync{TGrain}"/>).
/// </summary>
[PreferLocalPlacement]
public sealed class AdderGrain : Grain, IAdderGrain
{
    private readonly RunningTotal _total = new();

    public Task<int> AddAsync(int value) => _total.AddAsync(value);
}
