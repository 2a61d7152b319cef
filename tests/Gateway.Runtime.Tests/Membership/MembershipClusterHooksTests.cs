using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using static Gateway.Runtime.Tests.Membership.MembershipTestCluster;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>
/// What a cluster silo needs from membership beyond joining and leaving: to join as Joining and
/// turn Active only once its port is open, to name itself before joining, and to vote out at once a
/// silo whose port refuses connections, but never one that is leaving.
/// </summary>
public sealed class MembershipClusterHooksTests : IAsyncLifetime
{
    private readonly MembershipTestCluster _cluster = new();

    [Fact]
    public async Task WithActivateOnStartOff_ASiloStaysJoining_HeartbeatingAndSeeingTheOthers_UntilActivated()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = _cluster.CreateAgent(11112, configure: o => o.ActivateOnStart = false);
        await b.StartAsync(CancellationToken.None).Within();

        for (var step = 0; step < 2 * FailureTimeout / Tick; step++)
        {
            await _cluster.StepAsync(a, b);
        }

        Assert.Equal(SiloStatus.Joining, b.LocalStatus);
        Assert.Equal([a.LocalSilo!], SilosIn(b));
        Assert.Equal([a.LocalSilo!], SilosIn(a));
        Assert.Equal(SiloStatus.Joining, (await _cluster.RowOfAsync(b.LocalSilo!)).Status);

        await b.ActivateAsync(CancellationToken.None).Within();
        await _cluster.StepAsync(a, b);

        Assert.Equal(SiloStatus.Active, b.LocalStatus);
        Assert.Equal([a.LocalSilo!, b.LocalSilo!], SilosIn(a));
        Assert.Equal([a.LocalSilo!, b.LocalSilo!], SilosIn(b));
    }

    [Fact]
    public async Task APresetGeneration_IsTheOneJoinedUnder_AndOneNotAboveTheTablesIsRefused()
    {
        var first = _cluster.CreateAgent(11111, configure: o => o.Generation = 5_000);
        await first.StartAsync(CancellationToken.None).Within();
        await first.StopAsync(CancellationToken.None).Within();
        var stale = _cluster.CreateAgent(11111, configure: o => o.Generation = 4_000);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => stale.StartAsync(CancellationToken.None));

        Assert.Equal(5_000, first.LocalSilo!.Generation);
        Assert.Contains("generation 4000", failure.Message);
        Assert.Contains("already holds generation 5000", failure.Message);
    }

    [Fact]
    public async Task DeclareDead_VotesAnActiveSiloOutAtOnce_AndTheViewDropsIt()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        await _cluster.StepAsync(a, b);

        var declared = await a.DeclareDeadAsync(b.LocalSilo!, "its port refused a connection", CancellationToken.None).Within();

        Assert.True(declared);
        Assert.Equal([a.LocalSilo!], SilosIn(a));
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowOfAsync(b.LocalSilo!)).Status);
        Assert.Contains(_cluster.Logs.Entries, e => e.Message.Contains("its port refused a connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeclareDead_LeavesASiloThatIsShuttingDown_AndNeverTheDeclaringSiloItself()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        await b.BeginShutdownAsync(CancellationToken.None).Within();

        var leaving = await a.DeclareDeadAsync(b.LocalSilo!, "refused", CancellationToken.None).Within();
        var self = await a.DeclareDeadAsync(a.LocalSilo!, "refused", CancellationToken.None).Within();

        Assert.False(leaving);
        Assert.False(self);
        Assert.Equal(SiloStatus.ShuttingDown, (await _cluster.RowOfAsync(b.LocalSilo!)).Status);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowOfAsync(a.LocalSilo!)).Status);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
