using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>
/// What every <see cref="IMembershipTable"/> must do, one subclass per provider. The rule: a
/// structural write names the table version (and, for an update, the row ETag) it read; it
/// succeeds only if neither moved, and then moves the version on by exactly one.
/// </summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IMembershipTable Table { get; }

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A second handle on the same table, as another silo process would hold it.</summary>
    protected abstract IMembershipTable OpenAnotherHandle();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static MembershipEntry Entry(
        int siloPort = 11111, long generation = 1, SiloStatus status = SiloStatus.Active, string host = "10.0.0.1") =>
        new(new SiloAddress(host, siloPort, generation), status, T0, T0.AddSeconds(1)) { SiloName = $"silo-{siloPort}", HttpPort = 8080 };

    [Fact]
    public async Task ReadAll_OfANewTable_ReturnsNoRows()
    {
        var snapshot = await Table.ReadAllAsync(None);

        Assert.Empty(snapshot.Rows);
        Assert.False(string.IsNullOrEmpty(snapshot.Version.ETag));
    }

    [Fact]
    public async Task InsertRow_AtTheCurrentVersion_AddsTheRowAndMovesTheVersionOnByOne()
    {
        var before = (await Table.ReadAllAsync(None)).Version;

        Assert.True(await Table.InsertRowAsync(Entry(), before, None));

        var after = await Table.ReadAllAsync(None);
        var row = Assert.Single(after.Rows);
        Assert.Equal(Entry(), row.Entry);
        Assert.False(string.IsNullOrEmpty(row.ETag));
        Assert.Equal(before.Version + 1, after.Version.Version);
        Assert.NotEqual(before.ETag, after.Version.ETag);
    }

    [Fact]
    public async Task InsertRow_ForASiloAlreadyInTheTable_FailsAndChangesNothing()
    {
        await Table.InsertRowAsync(Entry(), (await Table.ReadAllAsync(None)).Version, None);
        var before = await Table.ReadAllAsync(None);

        Assert.False(await Table.InsertRowAsync(Entry(status: SiloStatus.Joining), before.Version, None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Rows).Entry.Status);
    }

    [Fact]
    public async Task InsertRow_OfANewGenerationAtTheSameEndpoint_Succeeds()
    {
        await Table.InsertRowAsync(Entry(generation: 1, status: SiloStatus.Dead), (await Table.ReadAllAsync(None)).Version, None);

        Assert.True(await Table.InsertRowAsync(Entry(generation: 2), (await Table.ReadAllAsync(None)).Version, None));

        Assert.Equal(2, (await Table.ReadAllAsync(None)).Rows.Length);
    }

    [Fact]
    public async Task InsertRow_WithAStaleTableVersion_Fails()
    {
        var stale = (await Table.ReadAllAsync(None)).Version;
        await Table.InsertRowAsync(Entry(siloPort: 1), stale, None);

        Assert.False(await Table.InsertRowAsync(Entry(siloPort: 2), stale, None));

        Assert.Single((await Table.ReadAllAsync(None)).Rows);
    }

    [Fact]
    public async Task InsertRow_WithTheRightVersionNumberButAnotherEtag_Fails()
    {
        var current = (await Table.ReadAllAsync(None)).Version;

        Assert.False(await Table.InsertRowAsync(Entry(), current with { ETag = "another-incarnation" }, None));

        Assert.Equal(current, (await Table.ReadAllAsync(None)).Version);
    }

    [Fact]
    public async Task UpdateRow_WithTheCurrentVersionAndEtag_ReplacesTheEntryAndChangesItsEtag()
    {
        await Table.InsertRowAsync(Entry(status: SiloStatus.Joining), (await Table.ReadAllAsync(None)).Version, None);
        var before = await Table.ReadAllAsync(None);
        var changed = Entry() with { IAmAliveTime = T0.AddSeconds(9), SiloName = "renamed", HttpPort = 9090 };

        Assert.True(await Table.UpdateRowAsync(changed, before.Rows[0].ETag, before.Version, None));

        var after = await Table.ReadAllAsync(None);
        var row = Assert.Single(after.Rows);
        Assert.Equal(changed, row.Entry);
        Assert.NotEqual(before.Rows[0].ETag, row.ETag);
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleTableVersion_Fails()
    {
        await Table.InsertRowAsync(Entry(siloPort: 1), (await Table.ReadAllAsync(None)).Version, None);
        var read = await Table.ReadAllAsync(None);
        await Table.InsertRowAsync(Entry(siloPort: 2), read.Version, None);

        Assert.False(await Table.UpdateRowAsync(Entry(siloPort: 1, status: SiloStatus.Dead), read.Rows[0].ETag, read.Version, None));

        Assert.Equal(SiloStatus.Active, (await Table.ReadAllAsync(None)).Find(Entry(siloPort: 1).Silo)!.Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_WithAStaleRowEtag_FailsAndLeavesTheVersionAlone()
    {
        await Table.InsertRowAsync(Entry(status: SiloStatus.Joining), (await Table.ReadAllAsync(None)).Version, None);
        var first = await Table.ReadAllAsync(None);
        await Table.UpdateRowAsync(Entry(), first.Rows[0].ETag, first.Version, None);
        var current = await Table.ReadAllAsync(None);

        // The current table version with the ETag of an older read of the row.
        Assert.False(await Table.UpdateRowAsync(Entry(status: SiloStatus.Dead), first.Rows[0].ETag, current.Version, None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.Rows[0].Entry.Status);
    }

    [Fact]
    public async Task UpdateRow_OfASiloNotInTheTable_Fails()
    {
        var current = await Table.ReadAllAsync(None);

        Assert.False(await Table.UpdateRowAsync(Entry(), "no-such-etag", current.Version, None));

        Assert.Equal(current.Version, (await Table.ReadAllAsync(None)).Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesOnlyTheHeartbeat_NotTheTableVersionNorTheRowEtag()
    {
        await Table.InsertRowAsync(Entry(), (await Table.ReadAllAsync(None)).Version, None);
        var before = await Table.ReadAllAsync(None);

        Assert.True(await Table.UpdateIAmAliveAsync(Entry().Silo, T0.AddMinutes(5), None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(new MembershipRow(Entry() with { IAmAliveTime = T0.AddMinutes(5) }, before.Rows[0].ETag), after.Rows[0]);
    }

    [Fact]
    public async Task UpdateIAmAlive_OfASiloNotInTheTable_ReturnsFalse()
    {
        Assert.False(await Table.UpdateIAmAliveAsync(Entry().Silo, T0, None));
    }

    [Fact]
    public async Task ReadAll_ReturnsEveryRowWhateverItsStatus()
    {
        MembershipEntry[] entries =
        [
            Entry(siloPort: 1, status: SiloStatus.Joining),
            Entry(siloPort: 2, status: SiloStatus.Active) with { SiloName = "", HttpPort = 0 },
            Entry(siloPort: 3, status: SiloStatus.ShuttingDown, host: "silo-3.cluster.local"),
            Entry(siloPort: 4, generation: long.MaxValue, status: SiloStatus.Dead, host: "fd00::4"),
        ];
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(None)).Version, None));
        }

        var snapshot = await Table.ReadAllAsync(None);

        Assert.Equal(entries.OrderBy(e => e.Silo), snapshot.Rows.Select(row => row.Entry).OrderBy(e => e.Silo));
        Assert.Equal(4, snapshot.Rows.Select(row => row.ETag).Distinct().Count());
    }

    [Fact]
    public async Task ConcurrentInserters_AtTheSameVersion_ExactlyOneWins()
    {
        const int inserters = 12;
        var handles = Enumerable.Range(0, inserters).Select(_ => OpenAnotherHandle()).ToArray();
        var version = (await Table.ReadAllAsync(None)).Version;

        var results = await Task.WhenAll(handles.Select((handle, i) =>
            Task.Run(() => handle.InsertRowAsync(Entry(siloPort: 100 + i), version, None))));

        Assert.Single(results, won => won);
        var after = await Table.ReadAllAsync(None);
        Assert.Equal(version.Version + 1, after.Version.Version);
        Assert.Equal(100 + Array.IndexOf(results, true), Assert.Single(after.Rows).Entry.Silo.SiloPort);
    }

    [Fact]
    public async Task ConcurrentInserters_RetryingOnConflict_AllGetIn_EachWinningItsOwnVersion()
    {
        const int inserters = 8;
        var start = (await Table.ReadAllAsync(None)).Version.Version;

        var wonAt = await Task.WhenAll(Enumerable.Range(0, inserters).Select(i => Task.Run(async () =>
        {
            var handle = OpenAnotherHandle();
            while (true)
            {
                var read = await handle.ReadAllAsync(None);
                if (await handle.InsertRowAsync(Entry(siloPort: 200 + i), read.Version, None))
                {
                    return read.Version.Version;
                }
            }
        })));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(inserters, after.Rows.Length);
        Assert.Equal(start + inserters, after.Version.Version);
        Assert.Equal(Enumerable.Range(0, inserters).Select(i => start + i), wonAt.Order());
    }

    [Fact]
    public async Task ConcurrentUpdatersOfOneRow_AtTheSameVersion_ExactlyOneWins()
    {
        await Table.InsertRowAsync(Entry(), (await Table.ReadAllAsync(None)).Version, None);
        var read = await Table.ReadAllAsync(None);
        var handles = Enumerable.Range(0, 8).Select(_ => OpenAnotherHandle()).ToArray();

        var results = await Task.WhenAll(handles.Select((handle, i) => Task.Run(() =>
            handle.UpdateRowAsync(Entry() with { SiloName = $"writer-{i}" }, read.Rows[0].ETag, read.Version, None))));

        Assert.Single(results, won => won);
        var after = await Table.ReadAllAsync(None);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.Equal($"writer-{Array.IndexOf(results, true)}", after.Rows[0].Entry.SiloName);
    }

    [Fact]
    public async Task CleanupDefunctEntries_RemovesOnlyDeadRowsWhoseLastHeartbeatIsOlderThanTheCutoff()
    {
        var cutoff = T0.AddDays(7);
        MembershipEntry[] entries =
        [
            Entry(siloPort: 1, status: SiloStatus.Dead) with { IAmAliveTime = cutoff.AddSeconds(-1) },
            Entry(siloPort: 2, status: SiloStatus.Dead) with { IAmAliveTime = cutoff.AddSeconds(1) },
            Entry(siloPort: 3, status: SiloStatus.Active) with { IAmAliveTime = cutoff.AddDays(-1) },
            Entry(siloPort: 4, status: SiloStatus.ShuttingDown) with { IAmAliveTime = cutoff.AddDays(-1) },
        ];
        foreach (var entry in entries)
        {
            await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(None)).Version, None);
        }

        var before = (await Table.ReadAllAsync(None)).Version;

        Assert.Equal(1, await Table.CleanupDefunctEntriesAsync(cutoff, None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal([2, 3, 4], after.Rows.Select(row => row.Entry.Silo.SiloPort).Order());
        Assert.Equal(before, after.Version);
        Assert.Equal(0, await Table.CleanupDefunctEntriesAsync(cutoff, None));
    }
}
