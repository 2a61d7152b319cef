using Microsoft.Data.Sqlite;

namespace Gateway.Persistence;

/// <summary>The file behind a SQLite connection string.</summary>
public static class SqliteDatabaseFile
{
    /// <summary>What SQLite keeps beside a database: its write-ahead log, shared memory and rollback journal.</summary>
    public static readonly string[] CompanionSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>The full path of the database file; null for an in-memory database or a file: URI, whose path SQLite resolves itself.</summary>
    public static string? PathOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:" ||
               file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(file);
    }

    /// <summary>
    /// Creates the directory of the database file: SQLite creates a missing file, but not a missing
    /// directory, and the default path (a data directory beside the gateway) is often new.
    /// </summary>
    internal static void EnsureDirectory(SqliteConnectionStringBuilder connection)
    {
        if (PathOf(connection.ConnectionString) is { } file && Path.GetDirectoryName(file) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
