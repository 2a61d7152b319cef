using Gateway.Cluster.Tests.Infrastructure;
using Gateway.Sessions;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Cluster.Tests.Sessions;

/// <summary>
/// The cap per principal holds across silos, and a session that vanished with its killed silo,
/// which nobody could release, frees its place once its lease runs out unrenewed.
/// </summary>
public sealed class SessionLimitAcrossSilosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly SessionOptions Sessions = new() { IdleTimeout = TimeSpan.FromSeconds(2), MaxPerPrincipal = 1 };

    private GatewayTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GatewayTestCluster.StartAsync(output, sessions: Sessions);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ASessionLostWithItsSilo_FreesItsPlace_WhenItsLeaseRunsOut()
    {
        var opened = DateTime.UtcNow;
        var listening = await GrainSession.InitializeAsync(_cluster, silo: 1);

        // Its open stream keeps it alive past its idle timeout and its lease, renewing the lease as it goes.
        await listening.OpenStandaloneStreamAsync(silo: 1);
        var leaseRunOut = opened + SessionTimings.Lease(Sessions.IdleTimeout) + TimeSpan.FromSeconds(1);
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow > leaseRunOut), "the first lease to run out");
        var (refusedHere, refused) = await GrainSession.TryInitializeAsync(_cluster, silo: 0);
        var (refusedThere, _) = await GrainSession.TryInitializeAsync(_cluster, silo: 2);

        await _cluster.KillAsync(1);
        var (admitted, _) = await Poll.UntilAsync(
            () => GrainSession.TryInitializeAsync(_cluster, silo: 0), attempt => attempt.Session is not null,
            "a new session once the lost one's lease ran out", TimeSpan.FromSeconds(90));

        Assert.Null(refusedHere);
        Assert.Null(refusedThere);
        Assert.Equal(SessionStatus.LimitReached, refused.Status);
        Assert.Contains("has 1 open session,", refused.Detail);
        Assert.Equal(SessionStatus.Ok, (await admitted!.RequestAsync(0, "ping")).Status);
    }
}
