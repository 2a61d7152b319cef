using Gateway.Persistence;
using Gateway.Runtime.Membership;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gateway.Runtime.Tests.Membership;

public sealed class PostgresMembershipTableTests(PostgresMembershipDatabase database)
    : MembershipTableContractTests, IClassFixture<PostgresMembershipDatabase>
{
    // Each test is a cluster of its own inside the class's schema.
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<PostgresMembershipTable> _handles = [];
    private PostgresMembershipTable? _table;

    protected override IMembershipTable Table => _table ??= Open(database.ConnectionString, _clusterId);

    protected override IMembershipTable OpenAnotherHandle() => Open(database.ConnectionString, _clusterId);

    public override async Task DisposeAsync()
    {
        List<PostgresMembershipTable> handles;
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
    public async Task ReadAll_SkipsAndLogsRowsWithGarbageValues_AndTheTableStaysWritable()
    {
        var connectionString = await database.CreateSchemaAsync();
        var logs = new TestLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var table = new PostgresMembershipTable(connectionString, "garbage", loggers.CreateLogger<PostgresMembershipTable>());
        Assert.True(await table.InsertRowAsync(Entry(), (await table.ReadAllAsync(None)).Version, None));

        // Tables made by another tool, or by an older script, may lack the NOT NULLs: the reader must not rely on them.
        await PostgresMembershipDatabase.ExecuteAsync(connectionString,
            "ALTER TABLE membership ALTER COLUMN start_time DROP NOT NULL, ALTER COLUMN iamalive_time DROP NOT NULL, " +
            "ALTER COLUMN etag DROP NOT NULL, ALTER COLUMN silo_name DROP NOT NULL");
        await PostgresMembershipDatabase.ExecuteAsync(connectionString,
            """
            INSERT INTO membership (cluster_id, address, silo_port, generation, silo_name, http_port, status, start_time, iamalive_time, etag) VALUES
              ('garbage', 'unknown-status',  1,  1, 'x', 0, 'Zombie', now(), now(), 'e'),
              ('garbage', 'numeric-status',  1,  1, 'x', 0, '2',      now(), now(), 'e'),
              ('garbage', 'lowercase',       1,  1, 'x', 0, 'active', now(), now(), 'e'),
              ('garbage', 'negative-port',  -5,  1, 'x', 0, 'Active', now(), now(), 'e'),
              ('garbage', 'huge-port',   70000,  1, 'x', 0, 'Active', now(), now(), 'e'),
              ('garbage', 'bad-http-port',   1,  1, 'x', -1, 'Active', now(), now(), 'e'),
              ('garbage', 'negative-gen',    1, -7, 'x', 0, 'Active', now(), now(), 'e'),
              ('garbage', '',                1,  1, 'x', 0, 'Active', now(), now(), 'e'),
              ('garbage', 'null-heartbeat',  1,  1, 'x', 0, 'Active', now(), NULL,  'e'),
              ('garbage', 'null-start',      1,  1, 'x', 0, 'Active', NULL,  now(), 'e'),
              ('garbage', 'null-etag',       1,  1, 'x', 0, 'Active', now(), now(), NULL),
              ('garbage', 'null-name-is-fine', 1, 1, NULL, 0, 'Active', now(), now(), 'e')
            """);

        var snapshot = await table.ReadAllAsync(None);
        await table.ReadAllAsync(None);

        Assert.Equal(["10.0.0.1", "null-name-is-fine"], snapshot.Rows.Select(row => row.Entry.Silo.Host).Order());
        Assert.Equal("", snapshot.Find(new SiloAddress("null-name-is-fine", 1, 1))!.Entry.SiloName);
        var skipped = logs.Entries.Where(entry => entry.EventId.Id == 2051).ToList();
        Assert.Equal(11, skipped.Count);
        Assert.All(skipped, entry => Assert.Equal(LogLevel.Warning, entry.Level));
        Assert.Contains(skipped, entry => entry.Message.Contains("unknown-status:1:1", StringComparison.Ordinal)
            && entry.Message.Contains("status 'Zombie' is not a silo status", StringComparison.Ordinal));
        Assert.Contains(skipped, entry => entry.Message.Contains("silo_port '-5' is not a port", StringComparison.Ordinal));
        Assert.Contains(skipped, entry => entry.Message.Contains("iamalive_time is missing", StringComparison.Ordinal));
        Assert.True(await table.InsertRowAsync(Entry(siloPort: 2), snapshot.Version, None));
    }

    [Fact]
    public async Task ClustersSharingTheTables_NeverSeeEachOthersRows()
    {
        await using var other = new PostgresMembershipTable(database.ConnectionString, $"other-{Guid.NewGuid():N}");
        await Table.InsertRowAsync(Entry(), (await Table.ReadAllAsync(None)).Version, None);

        var otherSnapshot = await other.ReadAllAsync(None);
        Assert.Empty(otherSnapshot.Rows);
        Assert.True(await other.InsertRowAsync(Entry(), otherSnapshot.Version, None));
        Assert.Single((await Table.ReadAllAsync(None)).Rows);
    }

    [Fact]
    public async Task FirstUse_ByManySilosAtOnce_CreatesTheSchemaOnce_AndTheScriptCanRunAgain()
    {
        var connectionString = await database.CreateSchemaAsync();
        var handles = Enumerable.Range(0, 8).Select(_ => Open(connectionString, "fresh")).ToArray();

        var snapshots = await Task.WhenAll(handles.Select(handle => Task.Run(() => handle.ReadAllAsync(None))));

        Assert.Single(snapshots.Select(snapshot => snapshot.Version).Distinct());
        await using var again = Open(connectionString, "fresh");
        await PostgresMembershipDatabase.ExecuteAsync(connectionString, LoadScript());
        Assert.Empty((await again.ReadAllAsync(None)).Rows);
    }

    [Fact]
    public async Task ReadAll_WhenTheVersionRowWasDeletedByHand_StartsItAgain()
    {
        await Table.ReadAllAsync(None);
        await PostgresMembershipDatabase.ExecuteAsync(
            database.ConnectionString, "DELETE FROM membership_version WHERE cluster_id = @cluster", ("cluster", _clusterId));

        var snapshot = await Table.ReadAllAsync(None);

        Assert.Equal(0, snapshot.Version.Version);
        Assert.True(await Table.InsertRowAsync(Entry(), snapshot.Version, None));
    }

    [Fact]
    public async Task AnUnreachableServer_FailsWithTheDriversError()
    {
        await using var table = new PostgresMembershipTable("Host=127.0.0.1;Port=1;Timeout=2", "unreachable");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => table.ReadAllAsync(None));
    }

    private static string LoadScript()
    {
        using var stream = typeof(PostgresMembershipTable).Assembly.GetManifestResourceStream("postgres/002_membership.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private PostgresMembershipTable Open(string connectionString, string clusterId)
    {
        var table = new PostgresMembershipTable(connectionString, clusterId);
        lock (_handles)
        {
            _handles.Add(table);
        }

        return table;
    }
}
