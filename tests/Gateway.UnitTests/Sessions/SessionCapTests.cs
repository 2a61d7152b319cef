using System.Collections.Immutable;
using Gateway.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Sessions;

/// <summary>
/// A principal's cap over its session leases: full at the limit, free again when a session ends
/// or its lease runs out unrenewed, so a session that vanished with its silo cannot hold a place.
/// </summary>
public sealed class SessionCapTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(90);
    private readonly FakeTimeProvider _time = new();
    private readonly SessionCap _cap = new(limit: 3, Lease);
    private ImmutableDictionary<string, DateTimeOffset> _leases = ImmutableDictionary<string, DateTimeOffset>.Empty;

    [Fact]
    public void Admit_UpToTheLimit_ThenRefusesNamingTheCount()
    {
        var admitted = new[] { "a", "b", "c" }.Select(Admit).ToList();

        var refused = Admit("d");

        Assert.All(admitted, a => Assert.True(a.Admitted));
        Assert.Equal(new SessionAdmission(false, 3, 3), refused);
        Assert.Equal(["a", "b", "c"], _leases.Keys.Order());
    }

    [Fact]
    public void Admit_AfterARelease_HasRoomAgain()
    {
        new[] { "a", "b", "c" }.ToList().ForEach(id => Admit(id));

        _leases = _leases.Remove("b");

        Assert.True(Admit("d").Admitted);
    }

    [Fact]
    public void Admit_TheSameSessionAgain_TakesNoSecondPlace()
    {
        new[] { "a", "b", "c" }.ToList().ForEach(id => Admit(id));

        Assert.True(Admit("c").Admitted);
        Assert.Equal(3, _leases.Count);
    }

    [Fact]
    public void LeasesThatRanOutUnrenewed_FreeTheirPlaces()
    {
        Admit("vanished");
        _time.Advance(TimeSpan.FromMinutes(60));
        Admit("b");
        Admit("c");
        Assert.False(Admit("d").Admitted);

        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(new SessionAdmission(true, 2, 3), Admit("d"));
        Assert.DoesNotContain("vanished", _leases.Keys);
    }

    [Fact]
    public void Renew_KeepsALiveSessionCounted_PastItsFirstLease()
    {
        Admit("long-lived");
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(60));
            _leases = _cap.Renew(_leases, "long-lived", _time.GetUtcNow());
        }

        Admit("b");
        Admit("c");

        Assert.False(Admit("d").Admitted);
    }

    [Fact]
    public void Renew_OfASessionTheLeasesLost_CountsItAgain_EvenAboveTheLimit()
    {
        new[] { "a", "b", "c" }.ToList().ForEach(id => Admit(id));

        _leases = _cap.Renew(_leases, "lost", _time.GetUtcNow());

        Assert.Equal(4, _leases.Count);
        Assert.Equal(new SessionAdmission(false, 4, 3), Admit("e"));
    }

    private SessionAdmission Admit(string sessionId)
    {
        var (leases, admission) = _cap.Admit(_leases, sessionId, _time.GetUtcNow());
        _leases = leases;
        return admission;
    }
}
