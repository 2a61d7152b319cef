namespace Gateway.Runtime.Membership;

/// <summary>
/// Decides which silos have stopped heartbeating. It never compares the heartbeat time a silo wrote
/// with this silo's clock (the two clocks may disagree by more than the timeout); instead it
/// remembers, on this silo's monotonic clock, when it first read each heartbeat value. A value
/// that has not changed across reads spanning <c>timeout</c> proves that silo wrote no heartbeat in
/// that span. A silo starts with no evidence, so it needs one full timeout of watching before it
/// can suspect anyone. Not thread-safe: the agent serializes its table reads.
/// </summary>
internal sealed class SiloFailureDetector(TimeSpan timeout, TimeProvider timeProvider)
{
    private Dictionary<SiloAddress, Observation> _observations = [];

    /// <summary>Records the heartbeat values of a fresh read of the table.</summary>
    public void Observe(MembershipTableSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = timeProvider.GetTimestamp();
        var next = new Dictionary<SiloAddress, Observation>();
        foreach (var row in snapshot.Rows)
        {
            var entry = row.Entry;
            if (entry.Status == SiloStatus.Dead)
            {
                continue;
            }

            next[entry.Silo] = _observations.TryGetValue(entry.Silo, out var seen) && seen.IAmAliveTime == entry.IAmAliveTime
                ? seen
                : new Observation(entry.IAmAliveTime, now);
        }

        _observations = next;
    }

    /// <summary>
    /// The rows of <paramref name="snapshot"/>, other than <paramref name="self"/>'s, whose heartbeat
    /// value this silo has seen unchanged for at least the timeout. Call <see cref="Observe"/> with
    /// the same snapshot first.
    /// </summary>
    public IReadOnlyList<MembershipRow> FindStale(MembershipTableSnapshot snapshot, SiloAddress self)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(self);
        var stale = new List<MembershipRow>();
        foreach (var row in snapshot.Rows)
        {
            var entry = row.Entry;
            if (entry.Status != SiloStatus.Dead
                && entry.Silo != self
                && _observations.TryGetValue(entry.Silo, out var seen)
                && seen.IAmAliveTime == entry.IAmAliveTime
                && timeProvider.GetElapsedTime(seen.FirstSeenAt) >= timeout)
            {
                stale.Add(row);
            }
        }

        return stale;
    }

    private readonly record struct Observation(DateTimeOffset IAmAliveTime, long FirstSeenAt);
}
