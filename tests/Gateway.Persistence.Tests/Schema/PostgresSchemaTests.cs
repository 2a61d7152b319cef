using Gateway.Testing;
using Npgsql;

namespace Gateway.Persistence.Tests;

public sealed class PostgresSchemaTests : GatewaySchemaContractTests
{
    private PostgresTestDatabase? _database;

    protected override string Provider => GatewayStorageProviders.Postgres;

    protected override string ConnectionString => Database.ConnectionString;

    protected override IReadOnlyList<string> ExpectedQueryKeys =>
    [
        .. StorageQueryKeys,
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "CleanupDefunctSiloEntryKey",
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey",
    ];

    protected override IReadOnlyList<string> ExpectedScriptNames =>
        ["001_orleans_query.sql", "002_cluster_membership.sql", "003_grain_storage.sql", "004_data_protection_keys.sql"];

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    // xmin is the transaction that last wrote a row: unchanged means the second run did not even
    // rewrite the query rows with the same text.
    protected override async Task<string> DescribeSchemaAsync() =>
        (string?)await Database.ExecuteAsync(
            """
            SELECT string_agg(entry, E'\n' ORDER BY entry) FROM
            (
                SELECT 'relation ' || relname || ' ' || relkind::text AS entry
                FROM pg_class WHERE relnamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'query ' || querykey || ' written by ' || xmin::text || ': ' || querytext FROM OrleansQuery
            ) AS schema
            """) ?? "";

    protected override async Task<IReadOnlyList<string>> ReadQueryKeysAsync()
    {
        var keys = (string?)await Database.ExecuteAsync(
            "SELECT string_agg(QueryKey, ',' ORDER BY QueryKey COLLATE \"C\") FROM OrleansQuery");
        return keys?.Split(',') ?? [];
    }

    protected override async Task<string?> ReadQueryTextAsync(string key) =>
        (string?)await ExecuteAsync("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", ("key", key));

    protected override Task SetQueryTextAsync(string key, string text) =>
        ExecuteAsync("UPDATE OrleansQuery SET QueryText = @text WHERE QueryKey = @key", ("key", key), ("text", text));

    private async Task<object?> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}
