using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using static Gateway.Runtime.Tests.Membership.MembershipTestCluster;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>In-process silos over one shared in-memory table, on a fake clock (1 s ticks, 3 s failure timeout).</summary>
public sealed class MembershipAgentTests : IAsyncLifetime
{
    private readonly MembershipTestCluster _cluster = new();

    [Fact]
    public async Task ThreeSilos_Join_AndEachSeesAllThreeActive()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        var c = await _cluster.StartAgentAsync(11113);

        await _cluster.StepAsync(a, b, c);

        SiloAddress[] all = [a.LocalSilo!, b.LocalSilo!, c.LocalSilo!];
        foreach (var agent in new[] { a, b, c })
        {
            Assert.Equal(all, SilosIn(agent));
            Assert.Equal(SiloStatus.Active, agent.LocalStatus);
        }

        Assert.Single(new[] { a, b, c }.Select(agent => agent.CurrentView.Version).Distinct());
        Assert.Equal([SiloStatus.Joining, SiloStatus.Active], _cluster.Table.StatusesWritten(b.LocalSilo!));
        var row = await _cluster.RowOfAsync(b.LocalSilo!);
        Assert.Equal(("silo-11112", 12112), (row.SiloName, row.HttpPort));
    }

    [Fact]
    public async Task HealthySilos_AreNeverVotedDead()
    {
        var silos = new[] { await _cluster.StartAgentAsync(11111), await _cluster.StartAgentAsync(11112), await _cluster.StartAgentAsync(11113) };

        for (var step = 0; step < 4 * FailureTimeout / Tick; step++)
        {
            await _cluster.StepAsync(silos);
        }

        Assert.All(silos, silo => Assert.Equal(3, silo.CurrentView.ActiveSilos.Length));
        Assert.All((await _cluster.Table.ReadAllAsync(CancellationToken.None)).Rows, row => Assert.Equal(SiloStatus.Active, row.Entry.Status));
    }

    [Fact]
    public async Task KilledSilo_IsVotedDeadAfterTheFailureTimeout_AndLeavesTheOthersViews()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        var c = await _cluster.StartAgentAsync(11113);
        await _cluster.StepAsync(a, b, c);
        var killed = c.LocalSilo!;

        await c.DisposeAsync();
        var steps = await _cluster.StepUntilAsync(() => !a.CurrentView.Contains(killed) && !b.CurrentView.Contains(killed), 10, a, b);

        // Its last heartbeat was written on the tick before the kill, so no one can have seen it unchanged
        // for the timeout sooner; a silo that first read it a tick late, or read just before the vote, adds a tick each.
        Assert.InRange(steps * Tick, FailureTimeout, FailureTimeout + (2 * Tick));
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowOfAsync(killed)).Status);
        Assert.Equal([a.LocalSilo!, b.LocalSilo!], SilosIn(a));
        Assert.Equal([a.LocalSilo!, b.LocalSilo!], SilosIn(b));
        Assert.Contains(_cluster.Logs.Entries, entry => entry.EventId.Id == 2003 && entry.Message.Contains(killed.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GracefulShutdown_WritesShuttingDownThenDeadAtOnce_AndTheOthersDropItAtTheirNextRead()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        await _cluster.StepAsync(a, b);
        var leaving = b.LocalSilo!;

        await b.StopAsync(CancellationToken.None).Within();

        Assert.Equal(SiloStatus.Dead, (await _cluster.RowOfAsync(leaving)).Status);
        Assert.Equal([SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead], _cluster.Table.StatusesWritten(leaving));
        Assert.False(b.IsDeclaredDead);
        await _cluster.StepAsync(a);
        Assert.Equal([a.LocalSilo!], SilosIn(a));
    }

    [Fact]
    public async Task BeginShutdown_TakesTheSiloOutOfTheViews_WhileItKeepsHeartbeating()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);

        await b.BeginShutdownAsync(CancellationToken.None).Within();
        var heartbeat = (await _cluster.RowOfAsync(b.LocalSilo!)).IAmAliveTime;
        for (var step = 0; step < 2 * FailureTimeout / Tick; step++)
        {
            await _cluster.StepAsync(a, b);
        }

        var row = await _cluster.RowOfAsync(b.LocalSilo!);
        Assert.Equal(SiloStatus.ShuttingDown, row.Status);
        Assert.True(row.IAmAliveTime > heartbeat);
        Assert.Equal([a.LocalSilo!], SilosIn(a));
        Assert.Equal([a.LocalSilo!], SilosIn(b));
    }

    [Fact]
    public async Task RestartAtTheSameAddress_EvenAtTheSameInstant_GetsANewGeneration_AndTheOldRowStaysDead()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var first = await _cluster.StartAgentAsync(11112);
        await first.StopAsync(CancellationToken.None).Within();

        var restarted = await _cluster.StartAgentAsync(11112);
        await _cluster.StepAsync(a, restarted);
        await _cluster.StepAsync(a, restarted);

        Assert.True(restarted.LocalSilo!.IsSameEndpoint(first.LocalSilo!));
        Assert.True(restarted.LocalSilo.Generation > first.LocalSilo!.Generation);
        Assert.Equal(SiloStatus.Dead, (await _cluster.RowOfAsync(first.LocalSilo)).Status);
        Assert.Equal(SiloStatus.Active, (await _cluster.RowOfAsync(restarted.LocalSilo)).Status);
        Assert.Equal([a.LocalSilo!, restarted.LocalSilo], SilosIn(a));
    }

    [Fact]
    public async Task RestartAfterACrash_DeclaresThePreviousGenerationDead_WithoutWaitingForTheTimeout()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var crashed = await _cluster.StartAgentAsync(11112);
        await _cluster.StepAsync(a, crashed);
        await crashed.DisposeAsync();

        var restarted = await _cluster.StartAgentAsync(11112);

        Assert.Equal(SiloStatus.Dead, (await _cluster.RowOfAsync(crashed.LocalSilo!)).Status);
        Assert.Equal([a.LocalSilo!, restarted.LocalSilo!], SilosIn(restarted));
        await _cluster.StepAsync(a, restarted);
        Assert.Equal([a.LocalSilo!, restarted.LocalSilo!], SilosIn(a));
    }

    [Fact]
    public async Task SiloThatFindsItselfDead_RaisesDeclaredDead_AndStopsHeartbeatingAndVoting()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);
        var declared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.DeclaredDead += (_, _) => throw new InvalidOperationException("a failing handler must not stop the others");
        b.DeclaredDead += (sender, _) => declared.TrySetResult();

        // Another silo's vote, as it would write it.
        var snapshot = await _cluster.Table.ReadAllAsync(CancellationToken.None);
        var row = snapshot.Find(b.LocalSilo!)!;
        Assert.True(await _cluster.Table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, snapshot.Version, CancellationToken.None));
        _cluster.Clock.Advance(Tick);
        await declared.Task.Within();

        Assert.True(b.IsDeclaredDead);
        Assert.Equal(SiloStatus.Dead, b.LocalStatus);
        await b.LoopsCompleted.Within();
        var lastHeartbeat = (await _cluster.RowOfAsync(b.LocalSilo!)).IAmAliveTime;
        for (var step = 0; step < 2 * FailureTimeout / Tick; step++)
        {
            await _cluster.StepAsync(a);
        }

        Assert.Equal(lastHeartbeat, (await _cluster.RowOfAsync(b.LocalSilo!)).IAmAliveTime);
        Assert.Equal([a.LocalSilo!], SilosIn(a));
        Assert.Equal(SiloStatus.Active, (await _cluster.RowOfAsync(a.LocalSilo!)).Status);
        Assert.Contains(_cluster.Logs.Entries, entry => entry.EventId.Id == 2012);
    }

    [Fact]
    public async Task SiloCutOffFromTheTable_StopsByItself_OnceItCouldNotHeartbeatForTheFailureTimeout()
    {
        var cutOff = new ObservedMembershipTable(_cluster.Table);
        var a = await _cluster.StartAgentAsync(11111, cutOff);
        var declared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.DeclaredDead += (_, _) => declared.TrySetResult();

        cutOff.FailHeartbeats = true;
        var steps = await _cluster.StepUntilAsync(() => a.IsDeclaredDead, 10, a);
        await declared.Task.Within();

        Assert.Equal((int)(FailureTimeout / Tick), steps);
        Assert.Contains(_cluster.Logs.Entries, entry => entry.EventId.Id == 2005);
    }

    [Fact]
    public async Task EachNewView_IsPublishedOnce_ToWaitersAndToViewChanged()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var seen = new List<MembershipView>();
        a.ViewChanged += (_, view) =>
        {
            lock (seen)
            {
                seen.Add(view);
            }
        };
        var next = a.WaitForNewerViewAsync(a.CurrentView.Version, CancellationToken.None);
        Assert.False(next.IsCompleted);

        var b = await _cluster.StartAgentAsync(11112);
        await _cluster.StepAsync(a, b);
        await _cluster.StepAsync(a, b);

        var view = await next.Within();
        Assert.Equal([a.LocalSilo!, b.LocalSilo!], view.ActiveSilos.Select(entry => entry.Silo));
        Assert.Same(view, Assert.Single(seen));
        Assert.Same(view, a.CurrentView);
        Assert.Same(view, await a.WaitForNewerViewAsync(view.Version - 1, CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_ReadsTheTableNow_WithoutWaitingForTheTimer()
    {
        var a = await _cluster.StartAgentAsync(11111);
        var b = await _cluster.StartAgentAsync(11112);

        var view = await a.RefreshAsync(CancellationToken.None);

        Assert.Equal([a.LocalSilo!, b.LocalSilo!], view.ActiveSilos.Select(entry => entry.Silo));
    }

    [Fact]
    public async Task Join_RemovesRowsOfSilosDeadForLongerThanTheRetention()
    {
        var longDead = new MembershipEntry(new SiloAddress("10.0.0.9", 1, 1), SiloStatus.Dead, _cluster.Clock.GetUtcNow().AddDays(-30), _cluster.Clock.GetUtcNow().AddDays(-30));
        Assert.True(await _cluster.Table.InsertRowAsync(longDead, (await _cluster.Table.ReadAllAsync(CancellationToken.None)).Version, CancellationToken.None));

        await _cluster.StartAgentAsync(11111);

        Assert.Null((await _cluster.Table.ReadAllAsync(CancellationToken.None)).Find(longDead.Silo));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
