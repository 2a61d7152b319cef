using Gateway.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Sessions;

/// <summary>
/// When an idle session expires and when its activity is stored: after IdleTimeout without
/// activity, with the stored time written once per quarter of it, and a session re-activated from
/// that stored time never expiring before it really was idle for IdleTimeout.
/// </summary>
public sealed class SessionIdleClockTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(60);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Session_ExpiresAfterIdleTimeoutWithoutActivity_NotBefore()
    {
        var clock = SessionIdleClock.Start(Idle, _time.GetUtcNow());

        _time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.False(clock.HasExpired(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(clock.HasExpired(_time.GetUtcNow()));
    }

    [Fact]
    public void Activity_PushesTheExpiryBack()
    {
        var clock = SessionIdleClock.Start(Idle, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(50));
        clock.Touch(_time.GetUtcNow());

        _time.Advance(TimeSpan.FromMinutes(50));

        Assert.False(clock.HasExpired(_time.GetUtcNow()));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(10), clock.ExpiresAt);
    }

    [Fact]
    public void ConstantUse_IsStoredOncePerQuarterOfTheIdleTimeout_NotPerRequest()
    {
        var clock = SessionIdleClock.Start(Idle, _time.GetUtcNow());
        var stores = 0;

        // A request every second for two hours.
        for (var second = 0; second < 7200; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            clock.Touch(_time.GetUtcNow());
            if (clock.StoreDue)
            {
                stores++;
                clock.MarkStored(clock.LastActivity);
            }

            Assert.True(clock.LastActivity - clock.Stored < TimeSpan.FromMinutes(15));
        }

        Assert.Equal(8, stores);
    }

    [Fact]
    public void Resumed_CountsFromTheLatestMomentItsLastRequestCouldHaveBeen()
    {
        var stored = _time.GetUtcNow();

        // The last request came 14 min after the stored time, which was not due to be stored yet.
        // A silo holding only the stored time must not end the session before that request's hour is up.
        var lastRequest = stored + TimeSpan.FromMinutes(14);
        _time.SetUtcNow(lastRequest + Idle - TimeSpan.FromSeconds(1));
        var resumed = SessionIdleClock.Resume(Idle, stored, _time.GetUtcNow());
        Assert.False(resumed.HasExpired(_time.GetUtcNow()));

        _time.SetUtcNow(stored + SessionTimings.StoredLife(Idle));
        Assert.True(SessionIdleClock.Resume(Idle, stored, _time.GetUtcNow()).HasExpired(_time.GetUtcNow()));
    }

    [Fact]
    public void Resumed_SoonAfterItsStore_NeverCountsFromTheFuture()
    {
        var stored = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(1));

        var resumed = SessionIdleClock.Resume(Idle, stored, _time.GetUtcNow());

        Assert.Equal(_time.GetUtcNow(), resumed.LastActivity);
        Assert.False(resumed.StoreDue);
    }

    [Fact]
    public void StateStoredBeforeExpiryExisted_IsLongExpired()
    {
        var resumed = SessionIdleClock.Resume(Idle, default, _time.GetUtcNow());

        Assert.True(resumed.HasExpired(_time.GetUtcNow()));
    }
}
