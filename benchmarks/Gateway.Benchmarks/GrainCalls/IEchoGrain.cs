using Gateway.Runtime;

namespace Gateway.Benchmarks.GrainCalls;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<int> EchoAsync(int value);

    [AlwaysInterleave]
    Task<int> EchoInterleavedAsync(int value);
}
