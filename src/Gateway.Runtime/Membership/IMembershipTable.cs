namespace Gateway.Runtime.Membership;

/// <summary>
/// The cluster's membership table (in the spirit of Orleans' ADO.NET clustering). Concurrency is
/// optimistic and table-wide: a structural write (insert, update) names the table version it read,
/// succeeds only if the table is still at that version, and then moves the version on by one, in
/// one atomic step. A write that loses returns false; the caller reads again and decides again.
/// Heartbeats (<see cref="UpdateIAmAliveAsync"/>) are deliberately outside this scheme so that they
/// stay one cheap write that never conflicts with anything.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Every row of the cluster and the table version, read together.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="entry"/> if the table is still at <paramref name="expectedVersion"/> and has
    /// no row for the same silo address (host, port and generation). False, with nothing changed, otherwise.
    /// </summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the row of <paramref name="entry"/>'s silo if its ETag is still <paramref name="expectedEtag"/>
    /// and the table is still at <paramref name="expectedVersion"/>. False, with nothing changed, otherwise.
    /// </summary>
    Task<bool> UpdateRowAsync(
        MembershipEntry entry, string expectedEtag, TableVersion expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the heartbeat of <paramref name="silo"/>. Changes neither the table version nor the row's
    /// ETag. False when the table has no row for that silo.
    /// </summary>
    Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the rows of Dead silos whose last heartbeat is older than <paramref name="deadBefore"/>
    /// and returns how many went. Dead rows are in no view, so this leaves the table version alone.
    /// </summary>
    Task<int> CleanupDefunctEntriesAsync(DateTimeOffset deadBefore, CancellationToken cancellationToken);
}
