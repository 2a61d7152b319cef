using System.Collections.Concurrent;
using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>
/// Passes every call to a real table, records each status a silo was written with, and can make
/// heartbeats fail (a silo cut off from the database).
/// </summary>
internal sealed class ObservedMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly ConcurrentQueue<(SiloAddress Silo, SiloStatus Status)> _writes = new();

    public volatile bool FailHeartbeats;

    public IReadOnlyList<SiloStatus> StatusesWritten(SiloAddress silo) =>
        [.. _writes.Where(write => write.Silo == silo).Select(write => write.Status)];

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        var inserted = await inner.InsertRowAsync(entry, expectedVersion, cancellationToken);
        Record(inserted, entry);
        return inserted;
    }

    public async Task<bool> UpdateRowAsync(
        MembershipEntry entry, string expectedEtag, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        var updated = await inner.UpdateRowAsync(entry, expectedEtag, expectedVersion, cancellationToken);
        Record(updated, entry);
        return updated;
    }

    public Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken) =>
        FailHeartbeats
            ? Task.FromException<bool>(new TimeoutException("The test cut this silo off from the membership table."))
            : inner.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

    public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset deadBefore, CancellationToken cancellationToken) =>
        inner.CleanupDefunctEntriesAsync(deadBefore, cancellationToken);

    private void Record(bool written, MembershipEntry entry)
    {
        if (written)
        {
            _writes.Enqueue((entry.Silo, entry.Status));
        }
    }
}
