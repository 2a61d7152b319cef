using Gateway.Sessions;

namespace Gateway.UnitTests.Sessions;

/// <summary>The bounds the session grain, the principal's cap and the storage sweep share.</summary>
public sealed class SessionTimingsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3600)]
    [InlineData(86400)]
    public void ARowIsKeptLongerThanAnyLiveSessionCanGoWithoutWritingIt(int idleSeconds)
    {
        var idle = TimeSpan.FromSeconds(idleSeconds);

        // A live session stores its activity at least once per stored life (its expiry check
        // stores the activity that keeps it alive), and the cap's lease outlasts that too.
        Assert.True(SessionTimings.Lease(idle) > SessionTimings.StoredLife(idle));
        Assert.True(SessionTimings.RowRetention(idle) >= SessionTimings.StoredLife(idle) + TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(60, 15)]
    [InlineData(3600, 300)]
    public void Sweeps_RunOncePerStoreInterval_BetweenASecondAndFiveMinutes(int idleSeconds, int sweepSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(sweepSeconds), SessionTimings.SweepInterval(TimeSpan.FromSeconds(idleSeconds)));
}
