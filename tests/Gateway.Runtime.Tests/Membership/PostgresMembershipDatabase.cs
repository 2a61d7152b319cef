using Gateway.Runtime.Tests.TestSupport;
using Npgsql;

namespace Gateway.Runtime.Tests.Membership;

/// <summary>
/// A fresh database per test class on the test server (<see cref="PostgresTestDatabase"/>: fails,
/// never skips, without GATEWAY_TEST_POSTGRES), dropped afterwards, so classes and concurrent runs
/// never see each other's tables. Tests that need tables nobody has touched get a schema of their own in it.
/// </summary>
public sealed class PostgresMembershipDatabase : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public string ConnectionString =>
        _database?.ConnectionString ?? throw new InvalidOperationException("The test database has not been created.");

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    /// <summary>A connection string whose search path is a new, empty schema.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"membership_{Guid.NewGuid():N}";
        await ExecuteAsync(ConnectionString, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>Runs SQL on a connection of its own (not pooled, so nothing lingers when the database is dropped).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
