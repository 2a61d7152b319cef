namespace Gateway.Benchmarks.GrainCalls;

/// <summary>What <see cref="AdderGrain"/> does, as a plain object: the direct call the grain call is compared with.</summary>
public sealed class RunningTotal
{
    private int _total;

    public Task<int> AddAsync(int value) => Task.FromResult(_total += value);
}
