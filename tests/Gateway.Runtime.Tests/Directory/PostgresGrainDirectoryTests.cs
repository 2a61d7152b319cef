using Gateway.Persistence;
using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.Membership;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gateway.Runtime.Tests.Directory;

public sealed class PostgresGrainDirectoryTests(PostgresMembershipDatabase database)
    : GrainDirectoryContractTests, IClassFixture<PostgresMembershipDatabase>
{
    // Each test is a cluster of its own inside the class's database.
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<IAsyncDisposable> _handles = [];
    private PostgresGrainDirectory? _directory;
    private PostgresMembershipTable? _membership;

    protected override IGrainDirectory Directory => _directory ??= OpenDirectory(database.ConnectionString, _clusterId);

    protected override IMembershipTable Membership => _membership ??= OpenMembership(database.ConnectionString, _clusterId);

    protected override IGrainDirectory OpenAnotherHandle() => OpenDirectory(database.ConnectionString, _clusterId);

    protected override (IGrainDirectory Directory, IMembershipTable Membership) OpenAnotherCluster()
    {
        var clusterId = $"other-{Guid.NewGuid():N}";
        return (OpenDirectory(database.ConnectionString, clusterId), OpenMembership(database.ConnectionString, clusterId));
    }

    public override async Task DisposeAsync()
    {
        List<IAsyncDisposable> handles;
        lock (_handles)
        {
            handles = [.. _handles];
        }

        foreach (var handle in handles)
        {
            await handle.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstUse_InAnEmptySchema_BeforeAndAlongsideTheMembershipTable_CreatesTheTablesOnce_AndTheScriptsCanRunAgain()
    {
        var connectionString = await database.CreateSchemaAsync();
        var directories = Enumerable.Range(0, 6).Select(_ => OpenDirectory(connectionString, "fresh")).ToArray();
        var tables = Enumerable.Range(0, 3).Select(_ => OpenMembership(connectionString, "fresh")).ToArray();

        // Directories first, with no membership table in the schema yet, and membership tables racing them.
        var lookups = directories.Select(directory => Task.Run(() => directory.LookupAsync(Grain, None))).ToArray();
        var reads = tables.Select(table => Task.Run(() => table.ReadAllAsync(None))).ToArray();
        Assert.All(await Task.WhenAll(lookups), Assert.Null);
        Assert.Single((await Task.WhenAll(reads)).Select(snapshot => snapshot.Version).Distinct());

        await PostgresMembershipDatabase.ExecuteAsync(connectionString, LoadScript("postgres/002_membership.sql"));
        await PostgresMembershipDatabase.ExecuteAsync(connectionString, LoadScript("postgres/003_grain_directory.sql"));
        var first = Address(await JoinAsync(Silo(1), table: tables[0]), "a1");
        var second = Address(await JoinAsync(Silo(2), table: tables[0]), "a2");
        Assert.Equal(first, await directories[0].RegisterAsync(first, None));
        Assert.Equal(first, await directories[1].RegisterAsync(second, None));
    }

    [Fact]
    public async Task FirstUse_OfADirectoryAlone_ClaimsAgainstAnEmptyMembershipTable()
    {
        var connectionString = await database.CreateSchemaAsync();
        var directory = OpenDirectory(connectionString, "alone");
        var first = Address(Silo(1), "a1");
        var second = Address(Silo(2), "a2");

        // No silo has a membership row, so no holder is live: every claim takes over.
        Assert.Equal(first, await directory.RegisterAsync(first, None));
        Assert.Equal(second, await directory.RegisterAsync(second, None));
    }

    [Fact]
    public async Task Register_WaitingOnAnUncommittedChangeOfTheEntry_JudgesTheCommittedRow()
    {
        var holder = Address(await JoinAsync(Silo(1)), "a1");
        var claimant = Address(await JoinAsync(Silo(2)), "a2");
        await Directory.RegisterAsync(holder, None);

        // Another session hands the entry to a silo without a membership row, and holds its row lock for now.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var handOver = new NpgsqlCommand(
            "UPDATE grain_directory SET silo_port = 9, activation_id = 'orphan' WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key",
            connection,
            transaction))
        {
            handOver.Parameters.AddWithValue("cluster", _clusterId);
            handOver.Parameters.AddWithValue("type", Grain.Type);
            handOver.Parameters.AddWithValue("key", Grain.Key);
            Assert.Equal(1, await handOver.ExecuteNonQueryAsync());
        }

        var claim = OpenAnotherHandle().RegisterAsync(claimant, None);
        await WaitUntilASessionWaitsOnALockAsync(database.ConnectionString);
        Assert.False(claim.IsCompleted);
        await transaction.CommitAsync();

        // Judged on the row as committed (silo 9, not live), not on the one it first saw (silo 1, live).
        Assert.Equal(claimant, await claim.Within());
        Assert.Equal(claimant, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task AddPostgresGrainDirectory_ReplacesAnEarlierDirectory_AndServesTheConfiguredCluster()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .Configure<MembershipOptions>(options => options.ClusterId = _clusterId)
            .AddSingleton<IGrainDirectory>(new InMemoryGrainDirectory(new InMemoryMembershipTable()))
            .AddPostgresGrainDirectory(database.ConnectionString);
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IGrainDirectory));
        await using var provider = services.BuildServiceProvider();
        var entry = Address(Silo(1), "a1");

        var directory = Assert.IsType<PostgresGrainDirectory>(provider.GetRequiredService<IGrainDirectory>());
        await directory.RegisterAsync(entry, None);

        Assert.Equal(entry, await Directory.LookupAsync(Grain, None));
    }

    [Fact]
    public async Task AnUnreachableServer_FailsWithTheDriversError()
    {
        await using var directory = new PostgresGrainDirectory("Host=127.0.0.1;Port=1;Timeout=2", "unreachable");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => directory.LookupAsync(Grain, None));
    }

    // On a connection of its own: pg_stat_activity is read once per transaction, so the open one would see no change.
    private static async Task WaitUntilASessionWaitsOnALockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No session started waiting on the entry's row lock.");
            }

            await Task.Delay(10);
        }
    }

    private static string LoadScript(string name)
    {
        using var stream = typeof(PostgresGrainDirectory).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private PostgresGrainDirectory OpenDirectory(string connectionString, string clusterId) =>
        Track(new PostgresGrainDirectory(connectionString, clusterId));

    private PostgresMembershipTable OpenMembership(string connectionString, string clusterId) =>
        Track(new PostgresMembershipTable(connectionString, clusterId));

    private T Track<T>(T handle)
        where T : IAsyncDisposable
    {
        lock (_handles)
        {
            _handles.Add(handle);
        }

        return handle;
    }
}
