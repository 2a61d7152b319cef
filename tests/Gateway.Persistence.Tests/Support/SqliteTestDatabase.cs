using Microsoft.Data.Sqlite;

namespace Gateway.Persistence.Tests;

/// <summary>
/// A SQLite database file of its own for one test, in a directory that does not exist yet (the
/// schema creates it), removed on dispose.
/// </summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _root;

    public SqliteTestDatabase()
    {
        _root = Path.Combine(Path.GetTempPath(), $"gateway-persistence-{Guid.NewGuid():N}");
        FilePath = Path.Combine(_root, "data", "gateway.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ConnectionString;
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>Runs SQL on a connection of its own; returns the first column of the first row.</summary>
    public async Task<object?> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var unpooled = new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using var connection = new SqliteConnection(unpooled);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public void Dispose()
    {
        // The providers' pooled connections keep the file open until their pools are cleared.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
