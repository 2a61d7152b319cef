namespace Gateway.Runtime;

/// <summary>
/// Chooses the silo that owns a grain. Seam for the cluster: the single-silo default places every
/// grain on the local silo; a cluster replaces it (rendezvous hashing over the Active silos of the
/// membership view, see DESIGN.md) and a cluster-aware <see cref="IGrainCallRouter"/> uses it.
/// </summary>
public interface IPlacementDirector
{
    ValueTask<SiloIdentity> PlaceAsync(GrainId grainId, CancellationToken cancellationToken);
}
