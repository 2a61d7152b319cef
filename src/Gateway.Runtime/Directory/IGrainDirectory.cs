using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Directory;

/// <summary>
/// Where a grain's single activation lives: one claimed entry per grain id in the cluster.
/// Placement alone cannot keep one activation per key while two silos briefly disagree about the
/// membership view; an activation therefore claims its grain here before any grain code runs (one
/// write per activation, none per call), and a silo that loses the claim forwards to the winner.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>
    /// Claims <paramref name="address"/>.GrainId for that activation, unless a live activation
    /// already holds it. Returns the entry that holds the claim afterwards: equal to
    /// <paramref name="address"/> when this claim won, or the live holder's entry when it did not.
    /// An entry is live while its silo's row in the membership table is Joining, Active or
    /// ShuttingDown; an entry of a Dead or missing silo is taken over. An entry of the same silo
    /// (same host, port and generation) is also taken over: a silo holds one activation per grain
    /// in its own catalog, so an older entry of its own is left over from a finished activation.
    /// </summary>
    Task<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>Removes the entry only if it is still exactly <paramref name="address"/> (same activation id).</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    /// <summary>The current entry for <paramref name="grainId"/>, live or not; null when there is none.</summary>
    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every entry whose silo is not Joining, Active or ShuttingDown: what a crashed silo
    /// left behind for grains nobody has claimed since. Returns how many went. A silo runs it when
    /// it turns Active.
    /// </summary>
    Task<int> RemoveEntriesOfDeadSilosAsync(CancellationToken cancellationToken);
}

/// <summary>One activation of a grain: the grain, the silo incarnation holding it, and an id unique to that activation.</summary>
public sealed record GrainAddress(GrainId GrainId, SiloAddress Silo, string ActivationId);
