using Microsoft.Data.Sqlite;

namespace Gateway.Persistence.Tests;

public sealed class SqliteSchemaTests : GatewaySchemaContractTests, IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    protected override string Provider => GatewayStorageProviders.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;

    // The embedded silo clusters on localhost: only the storage's queries.
    protected override IReadOnlyList<string> ExpectedQueryKeys => StorageQueryKeys;

    protected override IReadOnlyList<string> ExpectedScriptNames => ["001_orleans_query.sql", "002_grain_storage.sql"];

    [Fact]
    public async Task ApplyAsync_CreatesTheDatabaseFileAndItsDirectory()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_database.FilePath)));

        await GatewaySchema.ApplyAsync(Provider, ConnectionString);

        Assert.True(File.Exists(_database.FilePath));
    }

    [Fact]
    public async Task ApplyAsync_PutsTheDatabaseInWalMode()
    {
        await GatewaySchema.ApplyAsync(Provider, ConnectionString);

        Assert.Equal("wal", await _database.ExecuteAsync("PRAGMA journal_mode"));
    }

    protected override async Task<string> DescribeSchemaAsync() =>
        (string?)await _database.ExecuteAsync(
            """
            SELECT group_concat(entry, char(10)) FROM
            (
                SELECT type || ' ' || name || ': ' || sql AS entry FROM sqlite_schema
                UNION ALL
                SELECT 'query ' || QueryKey || ': ' || QueryText FROM OrleansQuery
                ORDER BY entry
            )
            """) ?? "";

    protected override async Task<IReadOnlyList<string>> ReadQueryKeysAsync()
    {
        var keys = (string?)await _database.ExecuteAsync(
            "SELECT group_concat(QueryKey, ',') FROM (SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey)");
        return keys?.Split(',') ?? [];
    }

    protected override async Task<string?> ReadQueryTextAsync(string key) =>
        (string?)await _database.ExecuteAsync("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $key", ("$key", key));

    protected override Task SetQueryTextAsync(string key, string text) =>
        _database.ExecuteAsync("UPDATE OrleansQuery SET QueryText = $text WHERE QueryKey = $key", ("$key", key), ("$text", text));

    public void Dispose() => _database.Dispose();
}
