namespace Gateway.Runtime.Placement;

/// <summary>Single-silo placement: every grain lives here.</summary>
internal sealed class LocalPlacementDirector(SiloIdentity localSilo) : IPlacementDirector
{
    public ValueTask<SiloIdentity> PlaceAsync(GrainId grainId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(localSilo);
}
