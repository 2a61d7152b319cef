using Gateway.Persistence;
using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using static Gateway.Runtime.Tests.Membership.MembershipTestCluster;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>The agent over the real table: each silo has its own connection pool, as separate processes would.</summary>
public sealed class PostgresMembershipAgentTests(PostgresMembershipDatabase database) : IClassFixture<PostgresMembershipDatabase>
{
    [Fact]
    public async Task ThreeSilos_OverPostgres_Join_VoteOutACrashedOne_AndSeeAGracefulLeaveAtOnce()
    {
        var clusterId = $"agents-{Guid.NewGuid():N}";
        await using var cluster = new MembershipTestCluster(() => new PostgresMembershipTable(database.ConnectionString, clusterId));
        var a = await cluster.StartAgentAsync(11111, cluster.OpenTable());
        var b = await cluster.StartAgentAsync(11112, cluster.OpenTable());
        var c = await cluster.StartAgentAsync(11113, cluster.OpenTable());
        await cluster.StepAsync(a, b, c);
        Assert.All(new[] { a, b, c }, agent => Assert.Equal(3, agent.CurrentView.ActiveSilos.Length));

        await c.DisposeAsync();
        var steps = await cluster.StepUntilAsync(() => !a.CurrentView.Contains(c.LocalSilo!) && !b.CurrentView.Contains(c.LocalSilo!), 10, a, b);
        Assert.InRange(steps * Tick, FailureTimeout, FailureTimeout + (2 * Tick));

        await b.StopAsync(CancellationToken.None).Within();
        Assert.Equal(SiloStatus.Dead, (await cluster.RowOfAsync(b.LocalSilo!)).Status);
        await cluster.StepAsync(a);
        Assert.Equal([a.LocalSilo!], SilosIn(a));
        Assert.Equal(SiloStatus.Dead, (await cluster.RowOfAsync(c.LocalSilo!)).Status);
    }
}
