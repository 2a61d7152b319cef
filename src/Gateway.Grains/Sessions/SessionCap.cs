using System.Collections.Immutable;

namespace Gateway.Sessions;

/// <summary>
/// The rule of a principal's cap over its session leases: a new session is admitted while fewer
/// than <paramref name="limit"/> leases run, and leases that ended no longer count, so sessions
/// that vanished unseen cannot keep the cap full. Pure, so that it is tested on a fake clock.
/// </summary>
/// <param name="limit">The most open sessions (Gateway:Sessions:MaxPerPrincipal).</param>
/// <param name="lease">How long a session counts after it last said it lives (<see cref="SessionTimings.Lease"/>).</param>
public sealed class SessionCap(int limit, TimeSpan lease)
{
    public (ImmutableDictionary<string, DateTimeOffset> Leases, SessionAdmission Admission) Admit(
        ImmutableDictionary<string, DateTimeOffset> leases, string sessionId, DateTimeOffset now)
    {
        var live = Live(leases, now);

        // A session asking again (its initialize retried) already holds its place.
        if (!live.ContainsKey(sessionId) && live.Count >= limit)
        {
            return (live, new SessionAdmission(false, live.Count, limit));
        }

        return (live.SetItem(sessionId, now + lease), new SessionAdmission(true, live.Count, limit));
    }

    /// <summary>
    /// Starts the session's lease again. A session the leases no longer hold (its lease ran out on
    /// the way, or the state was lost) is counted again even above the cap: it is open either way.
    /// </summary>
    public ImmutableDictionary<string, DateTimeOffset> Renew(ImmutableDictionary<string, DateTimeOffset> leases, string sessionId, DateTimeOffset now) =>
        Live(leases, now).SetItem(sessionId, now + lease);

    /// <summary>The leases that still run at <paramref name="now"/>.</summary>
    public static ImmutableDictionary<string, DateTimeOffset> Live(ImmutableDictionary<string, DateTimeOffset> leases, DateTimeOffset now) =>
        leases.RemoveRange(leases.Where(l => l.Value <= now).Select(l => l.Key));
}
