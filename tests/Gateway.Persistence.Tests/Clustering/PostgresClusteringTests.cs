using System.Net;
using System.Text.Json;
using Gateway.Testing;
using Npgsql;
using Orleans.Configuration;

namespace Gateway.Persistence.Tests;

/// <summary>
/// Orleans' ADO.NET clustering over the project's PostgreSQL scripts: silos in this process, each on
/// ports of its own, sharing one fresh database and cluster id.
/// </summary>
public sealed class PostgresClusteringTests : IAsyncLifetime
{
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<TestSilo> _silos = [];
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        // Newest first: the first silo outlives the others, as in the tests.
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoSilos_OnOneDatabase_FormOneCluster()
    {
        var (first, firstPort) = await StartSiloAsync();
        var (second, secondPort) = await StartSiloAsync();

        await Eventually.Async(() => ActiveHostsAsync(first), count => count == 2, Patience, "2 active silos seen by the first");
        await Eventually.Async(() => ActiveHostsAsync(second), count => count == 2, Patience, "2 active silos seen by the second");
        Assert.Equal(
            string.Join(",", new[] { firstPort, secondPort }.Order()),
            await Database.ExecuteAsync(
                $"SELECT string_agg(port::text, ',' ORDER BY port) FROM cluster_membership WHERE cluster_id = '{_clusterId}' AND status = {Active}"));

        // The silos' sessions run in a time zone far from UTC (see SiloConnectionString): the
        // times are stored as instants all the same.
        Assert.Equal(
            true,
            await Database.ExecuteAsync(
                $"SELECT bool_and(abs(extract(epoch FROM now() - i_am_alive_time)) < 120) FROM cluster_membership WHERE cluster_id = '{_clusterId}'"));
    }

    [Fact]
    public async Task StoppingOneOfTwoSilos_LeavesTheOtherAsTheOnlyActiveSilo()
    {
        var (first, _) = await StartSiloAsync();
        var (second, secondPort) = await StartSiloAsync();
        await Eventually.Async(() => ActiveHostsAsync(first), count => count == 2, Patience, "2 active silos seen by the first");

        await second.StopAsync();

        await Eventually.Async(() => ActiveHostsAsync(first), count => count == 1, Patience, "1 active silo seen by the first");
        Assert.Equal(
            Dead,
            await Database.ExecuteAsync($"SELECT status FROM cluster_membership WHERE cluster_id = '{_clusterId}' AND port = {secondPort}"));
    }

    [Fact]
    public async Task StorageAndClustering_OnOneDatabase_BothApplyTheSchemaHarmlessly()
    {
        var (silo, _) = await StartSiloAsync(storage: GatewayStorageProviders.Postgres);
        var grain = silo.Grains.GetGrain<INoteGrain>($"note-{Guid.NewGuid():N}");

        await grain.SetAsync("stored beside the membership table");

        Assert.Equal("stored beside the membership table", (await grain.ReloadAsync())?.Text);
        Assert.Equal(1, await ActiveHostsAsync(silo));
    }

    /// <summary>
    /// The test database, in a session time zone 12:45 hours off UTC: a timestamp written as local
    /// time instead of as an instant would be off by that much.
    /// </summary>
    private string SiloConnectionString => new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Timezone = "Pacific/Chatham" }.ConnectionString;

    private async Task<(TestSilo Silo, int SiloPort)> StartSiloAsync(string storage = GatewayStorageProviders.Memory)
    {
        var siloPort = LoopbackPort.Next();
        var connectionString = SiloConnectionString;
        var silo = await TestSilo.StartAsync(builder =>
        {
            builder.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = _clusterId;
                options.ServiceId = "gateway-persistence-tests";
            });
            builder.ConfigureEndpoints(IPAddress.Loopback, siloPort, LoopbackPort.Next());
            builder.UseGatewayPostgresClustering(connectionString, applySchema: true);
            builder.AddGatewayGrainStorage(
                storage, storage == GatewayStorageProviders.Memory ? null : connectionString, applySchema: true, Json);
        });
        _silos.Add(silo);
        return (silo, siloPort);
    }

    private static async Task<int> ActiveHostsAsync(TestSilo silo) =>
        (await silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
}
