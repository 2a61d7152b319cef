using Gateway.Testing;
using Npgsql;

namespace Gateway.Persistence.Tests;

public sealed class PostgresExpiredStateSweepTests : ExpiredStateSweepContractTests
{
    private PostgresTestDatabase? _database;

    protected override string Provider => GatewayStorageProviders.Postgres;

    protected override string ConnectionString => Database.ConnectionString;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await base.InitializeAsync();
    }

    protected override async Task InsertAsync(string service, string state, string key, string? payload, TimeSpan age)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO grain_storage (service_id, state_name, state_name_hash, grain_key_n0, grain_key_n1, grain_key_string, grain_key_hash, payload, version, modified_on)
            VALUES (@service, @state, 1, 0, 0, @key, 1, @payload::json, 1, now() - @age)
            """,
            connection);
        command.Parameters.AddWithValue("service", service);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)payload ?? DBNull.Value });
        command.Parameters.AddWithValue("age", age);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyList<string>> KeysAsync()
    {
        var keys = (string?)await Database.ExecuteAsync("SELECT string_agg(grain_key_string, ',' ORDER BY grain_key_string) FROM grain_storage");
        return keys is null ? [] : keys.Split(',');
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
