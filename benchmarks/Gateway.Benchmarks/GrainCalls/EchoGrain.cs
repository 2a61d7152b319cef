using Gateway.Runtime;

namespace Gateway.Benchmarks.GrainCalls;

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> EchoAsync(int value) => Task.FromResult(value);

    public Task<int> EchoInterleavedAsync(int value) => Task.FromResult(value);
}
