using Gateway.Runtime;

namespace Gateway.Benchmarks.Cluster;

public sealed class AdderGrain : Grain, IAdderGrain
{
    public Task<int> AddAsync(int x) => Task.FromResult(x + 1);

    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}
