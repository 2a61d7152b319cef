namespace Gateway.Sessions;

/// <summary>
/// The arithmetic of idle expiry, in one place because the session grain, the principal's cap and
/// the storage sweep must agree on it. A session in constant use must not write on every request,
/// so its last activity is stored only once it is a quarter of the idle timeout newer than the
/// stored one: the stored time lags the truth by less than <see cref="StoreInterval"/>, and every
/// bound below follows from that.
/// </summary>
public static class SessionTimings
{
    /// <summary>How far the stored last activity may lag the real one: a quarter of the idle timeout.</summary>
    public static TimeSpan StoreInterval(TimeSpan idleTimeout) => idleTimeout / 4;

    /// <summary>
    /// The longest a session may still live after the last activity it stored: its last request
    /// may have come up to <see cref="StoreInterval"/> later. A session re-activated without its
    /// memory (its silo died) counts from there, so it never expires early.
    /// </summary>
    public static TimeSpan StoredLife(TimeSpan idleTimeout) => idleTimeout + StoreInterval(idleTimeout);

    /// <summary>
    /// How long a principal's cap counts a session after the session last said it lives: its
    /// stored life, and one more store interval for a renewal still on its way. A session that
    /// vanished without a word (its silo died) frees its place when the lease ends.
    /// </summary>
    public static TimeSpan Lease(TimeSpan idleTimeout) => StoredLife(idleTimeout) + StoreInterval(idleTimeout);

    /// <summary>
    /// How old a stored session's row must be before the sweep deletes it. A live session rewrites
    /// its row at least once per <see cref="StoredLife"/> (its expiry check stores the activity
    /// that keeps it alive), so a row this old belongs to a session that ended unseen; the extra
    /// store interval and minute cover a late timer or a slow write.
    /// </summary>
    public static TimeSpan RowRetention(TimeSpan idleTimeout) => Lease(idleTimeout) + TimeSpan.FromMinutes(1);

    /// <summary>How often each silo sweeps: once per store interval, between 1 s and 5 min.</summary>
    public static TimeSpan SweepInterval(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(StoreInterval(idleTimeout).Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(5).Ticks));
}
