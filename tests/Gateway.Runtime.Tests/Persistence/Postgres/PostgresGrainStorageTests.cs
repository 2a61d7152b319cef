using Gateway.Persistence;
using Gateway.Runtime.Tests.Storage;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Persistence.Postgres;

/// <summary>
/// The storage contract on a real PostgreSQL server (GATEWAY_TEST_POSTGRES; tests/run-all.sh starts
/// one), each test in a fresh database of its own, plus the schema's first use by silos that start together.
/// </summary>
public sealed class PostgresGrainStorageTests : GrainStorageContractTests, IAsyncLifetime
{
    private const string SchemaScript = "postgres/001_grain_state.sql";

    private PostgresTestDatabase? _database;
    private PostgresGrainStorage? _storage;

    protected override IGrainStorage Storage =>
        _storage ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    private PostgresTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _storage = new PostgresGrainStorage(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task FirstUse_CreatesTheSchema()
    {
        await Storage.ReadAsync("any", new GrainId("AnyGrain", "k"), CancellationToken.None);

        var columns = await Database.ExecuteAsync(
            "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND table_name = 'grain_state'");
        Assert.Equal("state_name,grain_type,grain_key,payload,etag,updated_at", columns);
    }

    [Fact]
    public async Task SchemaScript_AppliedAgain_ChangesNothing()
    {
        var script = LoadSchemaScript();
        await Database.ExecuteAsync(script);
        var etag = await Storage.WriteAsync("s", new GrainId("AnyGrain", "k"), "1", null, CancellationToken.None);

        await Database.ExecuteAsync(script);
        await using var later = new PostgresGrainStorage(Database.ConnectionString);

        Assert.Equal(new GrainStateRecord("1", etag), await later.ReadAsync("s", new GrainId("AnyGrain", "k"), CancellationToken.None));
    }

    [Fact]
    public async Task ProvidersStartingTogether_AllCreateTheSchemaAndWork()
    {
        // Silos of a cluster start together, and each applies the schema on first use.
        var providers = Enumerable.Range(0, 8).Select(_ => new PostgresGrainStorage(Database.ConnectionString)).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writes = providers.Select((provider, i) => Task.Run(async () =>
            {
                await start.Task;
                return await provider.WriteAsync("s", new GrainId("AnyGrain", $"k{i}"), $"{i}", null, CancellationToken.None);
            })).ToList();
            start.SetResult();

            var etags = await Task.WhenAll(writes);

            for (var i = 0; i < providers.Count; i++)
            {
                var record = await providers[(i + 1) % providers.Count].ReadAsync("s", new GrainId("AnyGrain", $"k{i}"), CancellationToken.None);
                Assert.Equal(new GrainStateRecord($"{i}", etags[i]), record);
            }
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    private static string LoadSchemaScript()
    {
        // The provider applies the script embedded in its assembly, so that is the one to check.
        using var stream = typeof(PostgresGrainStorage).Assembly.GetManifestResourceStream(SchemaScript)
            ?? throw new InvalidOperationException($"{SchemaScript} is not embedded in Gateway.Persistence.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
