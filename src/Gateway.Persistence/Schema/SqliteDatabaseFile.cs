using Microsoft.Data.Sqlite;

namespace Gateway.Persistence;

/// <summary>The file behind a SQLite connection string.</summary>
internal static class SqliteDatabaseFile
{
    /// <summary>
    /// Creates the directory of the database file: SQLite creates a missing file, but not a missing
    /// directory, and the default path (a data directory beside the gateway) is often new.
    /// </summary>
    public static void EnsureDirectory(SqliteConnectionStringBuilder connection)
    {
        var file = connection.DataSource;
        if (connection.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:" ||
            file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // In memory, or a URI whose path SQLite resolves itself.
            return;
        }

        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
