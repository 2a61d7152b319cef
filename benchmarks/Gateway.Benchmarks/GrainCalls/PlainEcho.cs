using System.Runtime.CompilerServices;

namespace Gateway.Benchmarks.GrainCalls;

/// <summary>The baseline: the same method on an ordinary object, called directly.</summary>
public sealed class PlainEcho
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Task<int> EchoAsync(int value) => Task.FromResult(value);
}
