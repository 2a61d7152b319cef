using System.Collections.Immutable;

namespace Gateway.Runtime.Membership;

/// <summary>
/// The embedded default: a membership table in this process's memory, for one silo, or for several
/// in-process silos that share the instance (tests). It keeps the same rules as the database
/// tables, so code that works against it meets no surprise in a cluster. Readers take the current
/// immutable snapshot without locking; writers swap in a new one under a lock.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _writeLock = new();
    private MembershipTableSnapshot _snapshot = new([], new TableVersion(0, NewEtag()));

    public Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Volatile.Read(ref _snapshot));

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        lock (_writeLock)
        {
            var current = _snapshot;
            if (current.Version != expectedVersion || current.Find(entry.Silo) is not null)
            {
                return Task.FromResult(false);
            }

            Publish(current.Rows.Add(new MembershipRow(entry, NewEtag())), Next(current.Version));
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(
        MembershipEntry entry, string expectedEtag, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedEtag);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        lock (_writeLock)
        {
            var current = _snapshot;
            var index = IndexOf(current, entry.Silo);
            if (current.Version != expectedVersion || index < 0 || current.Rows[index].ETag != expectedEtag)
            {
                return Task.FromResult(false);
            }

            Publish(current.Rows.SetItem(index, new MembershipRow(entry, NewEtag())), Next(current.Version));
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        lock (_writeLock)
        {
            var current = _snapshot;
            var index = IndexOf(current, silo);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            var row = current.Rows[index];
            Publish(current.Rows.SetItem(index, row with { Entry = row.Entry with { IAmAliveTime = iAmAliveTime } }), current.Version);
            return Task.FromResult(true);
        }
    }

    public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset deadBefore, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var current = _snapshot;
            var kept = current.Rows.RemoveAll(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveTime < deadBefore);
            if (kept.Length != current.Rows.Length)
            {
                Publish(kept, current.Version);
            }

            return Task.FromResult(current.Rows.Length - kept.Length);
        }
    }

    private static int IndexOf(MembershipTableSnapshot snapshot, SiloAddress silo)
    {
        for (var i = 0; i < snapshot.Rows.Length; i++)
        {
            if (snapshot.Rows[i].Entry.Silo == silo)
            {
                return i;
            }
        }

        return -1;
    }

    private static TableVersion Next(TableVersion version) => new(version.Version + 1, NewEtag());

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    private void Publish(ImmutableArray<MembershipRow> rows, TableVersion version) =>
        Volatile.Write(ref _snapshot, new MembershipTableSnapshot(rows, version));
}
