using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

/// <summary>
/// Base of the test grains: an id per activation, and activation and deactivation reported to the
/// probe. A test can hold OnDeactivateAsync of a key by opening gate "hold-deactivation:{key}" later.
/// </summary>
public abstract class ProbedGrain(GrainProbe probe) : Grain
{
    /// <summary>Differs between two activations of the same grain.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    protected GrainProbe Probe => probe;

    protected string Key => GetPrimaryKeyString();

    public static string HoldDeactivationGate(string key) => $"hold-deactivation:{key}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"activations:{Key}");
        probe.Record($"activated:{Key}:{InstanceId}");
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivating:{Key}:{InstanceId}");
        if (probe.HasGate(HoldDeactivationGate(Key)))
        {
            await probe.Gate(HoldDeactivationGate(Key));
        }

        probe.Record($"deactivated:{Key}:{reason}");
        probe.Record($"deactivated:{Key}:{InstanceId}");
    }
}
