using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Directory;

/// <summary>
/// The embedded default: a grain directory in this process's memory, for one silo, or for several
/// in-process silos that share the instance (tests). It keeps the database directory's rules: a
/// claim wins over no entry, over an entry of the same silo incarnation, and over an entry whose
/// silo has no Joining, Active or ShuttingDown row in <paramref name="table"/>. The membership
/// table is read only when another silo holds the entry, outside the lock; the decision is then
/// taken under the lock, and taken again from the start if the entry changed in between.
/// </summary>
public sealed class InMemoryGrainDirectory(IMembershipTable table) : IGrainDirectory
{
    private readonly IMembershipTable _table = table ?? throw new ArgumentNullException(nameof(table));
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, GrainAddress> _entries = [];

    public async Task<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo);
        ArgumentNullException.ThrowIfNull(address.ActivationId);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GrainAddress? holder;
            lock (_lock)
            {
                if (!_entries.TryGetValue(address.GrainId, out holder) || holder.Silo == address.Silo)
                {
                    _entries[address.GrainId] = address;
                    return address;
                }
            }

            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var holderIsLive = IsLive(snapshot, holder.Silo);
            lock (_lock)
            {
                _entries.TryGetValue(address.GrainId, out var current);
                if (current != holder)
                {
                    // Claimed or released while the table was read: decide again on what is there now.
                    continue;
                }

                if (holderIsLive)
                {
                    return holder;
                }

                _entries[address.GrainId] = address;
                return address;
            }
        }
    }

    public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var current) && current == address)
            {
                _entries.Remove(address.GrainId);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<int> RemoveEntriesOfDeadSilosAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var dead = _entries.Where(entry => !IsLive(snapshot, entry.Value.Silo)).Select(entry => entry.Key).ToList();
            foreach (var grainId in dead)
            {
                _entries.Remove(grainId);
            }

            return dead.Count;
        }
    }

    public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault(grainId));
        }
    }

    private static bool IsLive(MembershipTableSnapshot snapshot, SiloAddress silo) =>
        snapshot.Find(silo)?.Entry.Status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown;
}
