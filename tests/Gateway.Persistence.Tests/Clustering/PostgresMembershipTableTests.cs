using System.Net;
using Gateway.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace Gateway.Persistence.Tests;

/// <summary>
/// The membership protocol's guarantees, checked on Orleans' own ADO.NET membership table over the
/// project's scripts, without silos: two silos in a cluster disagree most where they write at the
/// same version, which a running cluster seldom shows a test.
/// </summary>
public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    // Whole seconds: the provider writes suspicion times with millisecond precision.
    private static readonly DateTime Started = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await GatewaySchema.ApplyAsync(GatewayStorageProviders.Postgres, _database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task InitializeMembershipTable_BySeveralSilos_CreatesOneVersion()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenTableAsync()));

        var table = await OpenTableAsync();
        var read = await table.ReadAllAsync();
        Assert.Empty(read.Members);
        Assert.Equal(0, read.Version.Version);
        Assert.Equal(1L, await Database.ExecuteAsync($"SELECT count(*) FROM cluster_membership_version WHERE cluster_id = '{_clusterId}'"));
    }

    [Fact]
    public async Task InsertRow_AtTheVersionRead_AddsTheRowAndMovesTheVersionOn()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 21000, SiloStatus.Joining);

        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        var stored = Assert.Single(read.Members).Item1;
        Assert.Equal(entry.SiloAddress, stored.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.Status, entry.ProxyPort), (stored.SiloName, stored.HostName, stored.Status, stored.ProxyPort));
        Assert.Equal((entry.StartTime, entry.IAmAliveTime), (stored.StartTime, stored.IAmAliveTime));
    }

    [Fact]
    public async Task InsertRow_AtAStaleVersion_IsRefusedAndChangesNothing()
    {
        var table = await OpenTableAsync();
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(Entry(port: 21000, SiloStatus.Joining), stale.Next()));

        Assert.False(await table.InsertRowAsync(Entry(port: 21010, SiloStatus.Joining), stale.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.Equal(21000, Assert.Single(read.Members).Item1.SiloAddress.Endpoint.Port);
    }

    [Fact]
    public async Task InsertRow_OfASiloAlreadyThere_IsRefusedAndChangesNothing()
    {
        var table = await OpenTableAsync();
        Assert.True(await table.InsertRowAsync(Entry(port: 21000, SiloStatus.Joining), (await table.ReadAllAsync()).Version.Next()));

        Assert.False(await table.InsertRowAsync(Entry(port: 21000, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(read.Members).Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_AtAStaleVersion_IsRefusedAndChangesNothing()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 21000, SiloStatus.Joining);
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(entry, stale.Next()));
        entry.Status = SiloStatus.Active;

        Assert.False(await UpdateAtAsync(table, entry, stale));

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(read.Members).Item1.Status);
    }

    [Fact]
    public async Task UpdateRow_AtTheVersionRead_ChangesStatusSuspicionsAndHeartbeat()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 21000, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var suspector = Entry(port: 21010, SiloStatus.Active).SiloAddress;
        entry.Status = SiloStatus.Dead;
        entry.SuspectTimes = [Tuple.Create(suspector, Started.AddMinutes(1))];
        entry.IAmAliveTime = Started.AddMinutes(2);

        Assert.True(await UpdateAtAsync(table, entry, (await table.ReadAllAsync()).Version));

        var read = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(2, read.Version.Version);
        var stored = Assert.Single(read.Members).Item1;
        Assert.Equal(SiloStatus.Dead, stored.Status);
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        var suspicion = Assert.Single(stored.SuspectTimes!);
        Assert.Equal((suspector, Started.AddMinutes(1)), (suspicion.Item1, suspicion.Item2));
    }

    [Fact]
    public async Task UpdateIAmAlive_ChangesTheHeartbeatButNotTheVersion()
    {
        var table = await OpenTableAsync();
        var entry = Entry(port: 21000, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        entry.IAmAliveTime = Started.AddMinutes(5);

        await table.UpdateIAmAliveAsync(entry);

        var read = await table.ReadAllAsync();
        Assert.Equal(1, read.Version.Version);
        Assert.Equal(Started.AddMinutes(5), Assert.Single(read.Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task ReadRow_OfASiloNotThere_GivesTheVersionAndNoEntry()
    {
        var table = await OpenTableAsync();
        Assert.True(await table.InsertRowAsync(Entry(port: 21000, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));

        var read = await table.ReadRowAsync(Entry(port: 21010, SiloStatus.Active).SiloAddress);

        Assert.Empty(read.Members);
        Assert.Equal(1, read.Version.Version);
    }

    // With the optional single-row query the provider picks the rows; without it the fallback
    // query does. Either way the same rows go.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CleanupDefunctSiloEntries_RemovesOnlyOldRowsOfDeadSilos(bool withSingleRowQuery)
    {
        if (!withSingleRowQuery)
        {
            await Database.ExecuteAsync("DELETE FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntryKey'");
        }

        var table = await OpenTableAsync();
        var cutoff = Started.AddHours(1);
        var suspected = Entry(21030, SiloStatus.Dead);
        suspected.SuspectTimes = [Tuple.Create(Entry(21000, SiloStatus.Active).SiloAddress, Started)];
        MembershipEntry[] entries =
        [
            Entry(21000, SiloStatus.Active),
            Entry(21010, SiloStatus.Joining),
            Entry(21020, SiloStatus.Dead),
            suspected,
            Entry(21040, SiloStatus.Dead, alive: cutoff.AddMinutes(1)),
        ];
        foreach (var entry in entries)
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        // The insert stores no suspicions; an update does.
        Assert.True(await UpdateAtAsync(table, suspected, (await table.ReadAllAsync()).Version));

        await table.CleanupDefunctSiloEntriesAsync(cutoff);

        var ports = (await table.ReadAllAsync()).Members.Select(member => member.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([21000, 21010, 21040], ports);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_RemovesTheClusterOnly()
    {
        var table = await OpenTableAsync();
        var neighbour = await OpenTableAsync($"{_clusterId}-neighbour");
        Assert.True(await table.InsertRowAsync(Entry(21000, SiloStatus.Active), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await neighbour.InsertRowAsync(Entry(21000, SiloStatus.Active), (await neighbour.ReadAllAsync()).Version.Next()));

        await table.DeleteMembershipTableEntriesAsync(_clusterId);

        Assert.Equal(0L, await Database.ExecuteAsync($"SELECT count(*) FROM cluster_membership_version WHERE cluster_id = '{_clusterId}'"));
        Assert.Single((await neighbour.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task GatewayList_HoldsTheActiveSilosThatListenForClients()
    {
        var table = await OpenTableAsync();
        var active = Entry(21000, SiloStatus.Active);
        var withoutGateway = Entry(21010, SiloStatus.Active);
        withoutGateway.ProxyPort = 0;
        foreach (var entry in new[] { active, withoutGateway, Entry(21020, SiloStatus.Joining) })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        var gateways = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = "Npgsql", ConnectionString = Database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = _clusterId, ServiceId = "gateway-persistence-tests" }));
        await gateways.InitializeGatewayListProviderAsync();

        var uri = Assert.Single(await gateways.GetGatewaysAsync());
        Assert.Equal(active.ProxyPort, uri.Port);
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime? alive = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7),
        Status = status,
        ProxyPort = port + 1,
        HostName = "test-host",
        SiloName = $"silo-{port}",
        StartTime = Started,
        IAmAliveTime = alive ?? Started,
    };

    /// <summary>
    /// Updates a row as a silo does that read the table at <paramref name="read"/>: the row's ETag
    /// is the version it was read at (the provider refuses any other before asking the database).
    /// </summary>
    private static Task<bool> UpdateAtAsync(AdoNetClusteringTable table, MembershipEntry entry, TableVersion read) =>
        table.UpdateRowAsync(entry, read.VersionEtag, read.Next());

    /// <summary>The table as a silo of the cluster opens it at start.</summary>
    private async Task<AdoNetClusteringTable> OpenTableAsync(string? clusterId = null)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId ?? _clusterId, ServiceId = "gateway-persistence-tests" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = "Npgsql", ConnectionString = Database.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }
}
