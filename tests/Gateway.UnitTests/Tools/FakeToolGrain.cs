using Gateway.Tools;
using Gateway.UnitTests.Support;

namespace Gateway.UnitTests.Tools;

/// <summary>Tool grains as the recorder sees them: every batch each one receives, in order.</summary>
public sealed class FakeToolGrains
{
    public Signals<(string Tool, ToolCallSample[] Samples)> Batches { get; } = new();

    public IToolGrain For(string tool) => new Grain(tool, this);

    private sealed class Grain(string tool, FakeToolGrains owner) : IToolGrain
    {
        public Task RecordAsync(ToolCallSample[] samples)
        {
            owner.Batches.Add((tool, samples));
            return Task.CompletedTask;
        }

        public Task<ToolStats> GetStatsAsync() => throw new NotSupportedException();
    }
}
