using System.Net.Sockets;
using Npgsql;

namespace Gateway.Testing;

/// <summary>
/// A database of its own on the server that GATEWAY_TEST_POSTGRES names (tests/postgres.sh starts a
/// throwaway one), created fresh and dropped on dispose, so tests and concurrent runs never see each
/// other's rows. Without that server the test fails: PostgreSQL is part of what the tests must cover.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "GATEWAY_TEST_POSTGRES";

    private const string Required =
        "PostgreSQL is required: run tests through tests/run-all.sh (which provisions it) or set GATEWAY_TEST_POSTGRES";

    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(Required);
        }

        var database = new PostgresTestDatabase(admin, $"gateway_test_{Guid.NewGuid():N}");
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {database.Name}");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(admin);
            throw new InvalidOperationException(
                $"The PostgreSQL server that {Variable} names ({server.Host}:{server.Port}, database {server.Database}) " +
                $"could not create a test database: {e.Message.TrimEnd('.')}. {Required}", e);
        }

        return database;
    }

    /// <summary>Runs SQL in this database on a connection of its own (not pooled, so nothing lingers).</summary>
    public Task<object?> ExecuteAsync(string sql) =>
        ExecuteAsync(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        // FORCE ends the connections that the providers' pools still hold to it.
        await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
