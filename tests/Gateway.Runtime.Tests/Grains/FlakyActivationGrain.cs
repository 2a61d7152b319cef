using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IFlakyActivationGrain : IGrainWithStringKey
{
    Task<int> GetActivationAttemptsAsync();
}

/// <summary>Its first activation per key fails in OnActivateAsync.</summary>
public sealed class FlakyActivationGrain(GrainProbe probe) : Grain, IFlakyActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        probe.Increment($"flaky:{GetPrimaryKeyString()}") == 1
            ? throw new InvalidOperationException("activation failed on purpose")
            : Task.CompletedTask;

    public Task<int> GetActivationAttemptsAsync() => Task.FromResult(probe.Count($"flaky:{GetPrimaryKeyString()}"));
}
