using Gateway.Protocol;
using Microsoft.Extensions.Logging;

namespace Gateway.Sessions;

/// <summary>
/// A session's lifetime: its place under its principal's cap, its idle expiry, its end, and what
/// an id that names no session gets. Activity is a request (its start and its end), an attached
/// stream, or, when the expiry is due, a request still running or a standalone stream still open:
/// a client that only listens for notifications is not idle. While active, the grain holds one
/// timer for its own expiry, moved on only when it fires early. A session found expired when its
/// grain activates (the activation was collected, or its silo died) is ended there and then.
/// Either way it ends as DELETE ends it: upstream sessions closed, state cleared, its place under
/// the cap freed.
/// </summary>
public sealed partial class McpSessionGrain
{
    // Replaced when the session is initialized or resumed; an id never initialized never reads it.
    private SessionIdleClock _idle = SessionIdleClock.Start(TimeSpan.Zero, DateTimeOffset.MinValue);
    private IGrainTimer? _expiry;
    private bool _ended;
    private IPrincipalSessionsGrain? _principalSessions;

    private TimeSpan IdleTimeout => sessionOptions.Value.IdleTimeout;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Session.Initialized)
        {
            return;
        }

        var now = time.GetUtcNow();
        var resumed = SessionIdleClock.Resume(IdleTimeout, Session.LastActivityAt, now);
        if (!resumed.HasExpired(now))
        {
            StartIdleClock(resumed);
            ArmPendingExpiry();
            return;
        }

        // Expired while no activation held it: this call, and any later one, finds no session.
        try
        {
            await EndAsync();
            LogExpired(logger, SessionIds.ForLog(SessionId), IdleTimeout);
        }
        catch (Exception ex)
        {
            LogEndFailed(logger, SessionIds.ForLog(SessionId), ex.Message);
        }
    }

    private void StartIdleClock(SessionIdleClock clock)
    {
        _idle = clock;
        _expiry = this.RegisterGrainTimer(OnExpiryDueAsync, new GrainTimerCreationOptions(DueIn(time.GetUtcNow()), Timeout.InfiniteTimeSpan)
        {
            // Asking a stream's silo whether it is open may wait on that silo; requests must not.
            Interleave = true,
        });
    }

    private TimeSpan DueIn(DateTimeOffset now) => _idle.ExpiresAt > now ? _idle.ExpiresAt - now : TimeSpan.Zero;

    /// <summary>Records activity, and stores it once it is a store interval ahead of the stored one (<see cref="SessionTimings"/>).</summary>
    private async Task TouchAsync()
    {
        _idle.Touch(time.GetUtcNow());
        if (!_idle.StoreDue)
        {
            return;
        }

        try
        {
            await SaveAsync();
        }
        catch (Exception ex)
        {
            // The request itself is fine; the activity is stored with the next touch instead.
            LogActivityNotStored(logger, SessionIds.ForLog(SessionId), ex.Message);
        }
    }

    private async Task OnExpiryDueAsync()
    {
        if (_ended)
        {
            return;
        }

        if (_inFlight.Count > 0 || await _streams.IsListeningAsync())
        {
            await TouchAsync();
        }

        var now = time.GetUtcNow();
        if (_ended)
        {
            return;
        }

        if (!_idle.HasExpired(now))
        {
            _expiry?.Change(DueIn(now), Timeout.InfiniteTimeSpan);
            return;
        }

        try
        {
            await EndAsync();
            LogExpired(logger, SessionIds.ForLog(SessionId), IdleTimeout);
        }
        catch (Exception ex)
        {
            LogEndFailed(logger, SessionIds.ForLog(SessionId), ex.Message);
        }

        DeactivateOnIdle();
    }

    /// <summary>
    /// An id never initialized here, or a session that ended: nothing of it is stored, and its
    /// activation goes <see cref="GoneLinger"/> after the first call that found it gone, so ids
    /// that clients make up leave nothing behind. Not at once: calls queued behind that one would
    /// each be forwarded to a new activation that goes at once too, until Orleans rejects them
    /// (its forward limit), where a burst of calls to a deleted session should simply get 404.
    /// </summary>
    private bool IsGone()
    {
        if (Session.Initialized && !_ended)
        {
            return false;
        }

        // A legacy SSE stream waiting for its initialize holds the activation: it is the reservation.
        if (_pendingLegacy is not null)
        {
            return true;
        }

        _gone ??= this.RegisterGrainTimer(
            _ =>
            {
                DeactivateOnIdle();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(GoneLinger, Timeout.InfiniteTimeSpan));
        return true;
    }

    /// <summary>How long the activation of a gone session id answers "not found" before it goes.</summary>
    private static readonly TimeSpan GoneLinger = TimeSpan.FromSeconds(1);

    private IGrainTimer? _gone;

    /// <summary>The principal's session count; made once per activation (a session's principal never changes).</summary>
    private IPrincipalSessionsGrain PrincipalSessions(string? principal) =>
        _principalSessions ??= GrainFactory.GetGrain<IPrincipalSessionsGrain>(PrincipalSessionsKey.For(principal));

    private string LimitReached(string? principal, SessionAdmission admission) =>
        $"{(principal is null or PrincipalNames.Local ? "The local operator, every client's principal while authentication is off," : $"Principal '{principal}'")} has {admission.Open} open session{(admission.Open == 1 ? "" : "s")}, " +
        $"the most it may have (limit {admission.Limit}): end one with DELETE, or wait until an idle one expires (after {IdleTimeout.TotalSeconds:0.###} s without activity)";

    /// <summary>
    /// Ends the session (DELETE, or expiry): requests in flight cancelled, its upstream sessions
    /// closed, its state cleared, its place under the principal's cap freed. From the first line on
    /// every entry point answers "not found".
    /// </summary>
    private async Task EndAsync()
    {
        _ended = true;
        _expiry?.Dispose();
        var principal = Session.Principal;
        var sessionless = Session.Sessionless;
        foreach (var round in _rounds.Values)
        {
            await round.Cancellation.CancelAsync();
        }

        _rounds.Clear();
        _listeners.Clear();
        foreach (var inFlight in _inFlight.Values)
        {
            await inFlight.Cancellation.CancelAsync();
        }

        await upstreams.EndSessionAsync(SessionId, Session.UpstreamSessions);
        await ForgetTasksAsync();

        await _writeGate.WaitAsync();
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        if (sessionless)
        {
            // Never counted under the cap (HandleSessionlessAsync).
            return;
        }

        try
        {
            await PrincipalSessions(principal).ReleaseAsync(SessionId);
        }
        catch (Exception ex)
        {
            // The session has ended all the same; its lease, no longer renewed, frees the place.
            LogReleaseFailed(logger, SessionIds.ForLog(SessionId), ex.Message);
        }
    }

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Session {SessionId} expired after {IdleTimeout} without activity")]
    private static partial void LogExpired(ILogger logger, string sessionId, TimeSpan idleTimeout);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information,
        Message = "Session refused: principal {Principal} has {Open} open sessions, the limit is {Limit}")]
    private static partial void LogLimitReached(ILogger logger, string principal, int open, int limit);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Session {SessionId}: its activity could not be stored ({Reason}); trying again at its next request")]
    private static partial void LogActivityNotStored(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Session {SessionId} expired, but ending it failed: {Reason}")]
    private static partial void LogEndFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Warning,
        Message = "Session {SessionId} ended, but its principal's session count could not be told ({Reason}); its place frees when its lease runs out")]
    private static partial void LogReleaseFailed(ILogger logger, string sessionId, string reason);
}
