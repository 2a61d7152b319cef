using Gateway.Runtime;

namespace Gateway.Benchmarks.Cluster;

/// <summary>A grain that does next to nothing, so a call measures the hop and not the work.</summary>
public interface IAdderGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int x);

    Task<string> EchoAsync(string text);
}
