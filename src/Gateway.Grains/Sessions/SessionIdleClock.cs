namespace Gateway.Sessions;

/// <summary>
/// One activation's view of its session's idleness: when the client was last active, what of that
/// is stored, and so when the session expires and when the activity must be stored again
/// (<see cref="SessionTimings"/>). Pure, so that the rules are tested on a fake clock.
/// </summary>
public sealed class SessionIdleClock
{
    private readonly TimeSpan _idleTimeout;

    private SessionIdleClock(TimeSpan idleTimeout, DateTimeOffset lastActivity, DateTimeOffset stored)
    {
        _idleTimeout = idleTimeout;
        LastActivity = lastActivity;
        Stored = stored;
    }

    public DateTimeOffset LastActivity { get; private set; }

    /// <summary>The last activity as the session's stored state holds it.</summary>
    public DateTimeOffset Stored { get; private set; }

    public DateTimeOffset ExpiresAt => LastActivity + _idleTimeout;

    /// <summary>Whether the activity is far enough ahead of the stored one that it must be written.</summary>
    public bool StoreDue => LastActivity - Stored >= SessionTimings.StoreInterval(_idleTimeout);

    /// <summary>A session just initialized: its initialize is its first activity, stored with it.</summary>
    public static SessionIdleClock Start(TimeSpan idleTimeout, DateTimeOffset now) => new(idleTimeout, now, now);

    /// <summary>
    /// A stored session activated again: its last request may have come up to a store interval
    /// after the stored time, so it counts from the latest moment it could have been (never later than now).
    /// </summary>
    public static SessionIdleClock Resume(TimeSpan idleTimeout, DateTimeOffset stored, DateTimeOffset now)
    {
        var latest = stored + SessionTimings.StoreInterval(idleTimeout);
        return new SessionIdleClock(idleTimeout, latest < now ? latest : now, stored);
    }

    public bool HasExpired(DateTimeOffset now) => now >= ExpiresAt;

    public void Touch(DateTimeOffset now)
    {
        if (now > LastActivity)
        {
            LastActivity = now;
        }
    }

    /// <summary>The state now holds <paramref name="lastActivity"/>.</summary>
    public void MarkStored(DateTimeOffset lastActivity) => Stored = lastActivity;
}
