using Gateway.Runtime.Membership;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Runtime.Tests.Membership;

public sealed class SiloFailureDetectorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly SiloAddress Self = new("10.0.0.1", 1, 1);
    private static readonly SiloAddress Other = new("10.0.0.2", 1, 1);

    private readonly FakeTimeProvider _clock = new();
    private readonly SiloFailureDetector _detector;

    public SiloFailureDetectorTests() => _detector = new SiloFailureDetector(Timeout, _clock);

    [Fact]
    public void ASilo_IsStaleOnlyOnceItsHeartbeatStayedUnchangedForTheTimeout()
    {
        var snapshot = Snapshot(heartbeat: 1);

        Assert.Empty(Observe(snapshot));
        _clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Observe(snapshot));
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([Other], Observe(snapshot).Select(row => row.Entry.Silo));
    }

    [Fact]
    public void AChangedHeartbeat_StartsTheCountAgain()
    {
        Observe(Snapshot(heartbeat: 1));
        _clock.Advance(Timeout - TimeSpan.FromSeconds(1));
        Observe(Snapshot(heartbeat: 2));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(Observe(Snapshot(heartbeat: 2)));
    }

    [Fact]
    public void TheHeartbeatTimeItself_IsNeverComparedWithThisSilosClock()
    {
        // Written by a clock hours behind ours: still no evidence until we have watched it for the timeout.
        var behind = Snapshot(heartbeat: 1);
        var skewed = new MembershipTableSnapshot(
            [new MembershipRow(behind.Rows[1].Entry with { IAmAliveTime = _clock.GetUtcNow().AddHours(-5) }, "e"), behind.Rows[0]],
            behind.Version);

        Assert.Empty(Observe(skewed));
        _clock.Advance(Timeout);
        Assert.Single(Observe(skewed));
    }

    [Fact]
    public void ThisSiloAndDeadSilos_AreNeverStale()
    {
        var snapshot = Snapshot(heartbeat: 1, otherStatus: SiloStatus.Dead);
        Observe(snapshot);
        _clock.Advance(Timeout * 3);

        Assert.Empty(Observe(snapshot));
    }

    [Fact]
    public void JoiningAndShuttingDownSilos_CanGoStaleToo()
    {
        foreach (var status in new[] { SiloStatus.Joining, SiloStatus.ShuttingDown })
        {
            var detector = new SiloFailureDetector(Timeout, _clock);
            var snapshot = Snapshot(heartbeat: 1, otherStatus: status);
            detector.Observe(snapshot);
            _clock.Advance(Timeout);
            detector.Observe(snapshot);

            Assert.Single(detector.FindStale(snapshot, Self));
        }
    }

    private IReadOnlyList<MembershipRow> Observe(MembershipTableSnapshot snapshot)
    {
        _detector.Observe(snapshot);
        return _detector.FindStale(snapshot, Self);
    }

    private static MembershipTableSnapshot Snapshot(int heartbeat, SiloStatus otherStatus = SiloStatus.Active)
    {
        var time = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new MembershipTableSnapshot(
            [
                new MembershipRow(new MembershipEntry(Self, SiloStatus.Active, time, time), "self"),
                new MembershipRow(new MembershipEntry(Other, otherStatus, time, time.AddSeconds(heartbeat)), "other"),
            ],
            new TableVersion(1, "v1"));
    }
}
