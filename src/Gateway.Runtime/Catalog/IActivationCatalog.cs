namespace Gateway.Runtime;

/// <summary>
/// The activations of this silo. Grain code never uses it: proxies reach it through the
/// <see cref="IGrainCallRouter"/>. A cluster's silo-to-silo receiver hands incoming calls to
/// <see cref="InvokeAsync"/>; admin endpoints and tests read the counts.
/// </summary>
public interface IActivationCatalog
{
    int ActivationCount { get; }

    bool IsActive(GrainId grainId);

    IReadOnlyList<GrainId> GetActiveGrainIds();

    /// <summary>
    /// Runs a call on the local activation of the grain, activating it first if needed. A call that
    /// finds its activation deactivating waits for it to end and runs on a new one.
    /// </summary>
    Task<object?> InvokeAsync(GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken);

    /// <summary>Deactivates the grain's activation after its current turn; false when it was not active.</summary>
    Task<bool> DeactivateAsync(GrainId grainId, DeactivationReason reason = DeactivationReason.Requested);

    /// <summary>Deactivates every current activation (new calls may activate grains again).</summary>
    Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken);
}
