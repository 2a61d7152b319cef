using System.Data.Common;
using Gateway.Persistence.AdoNet;
using Gateway.Persistence.Schema;
using Microsoft.Data.Sqlite;

namespace Gateway.Persistence;

/// <summary>
/// Grain state in a SQLite file: the embedded single-node default. The table is created on first
/// use from sql/sqlite/001_grain_state.sql and the database is switched to WAL, so readers do not
/// block the writer.
/// </summary>
public sealed class SqliteGrainStorage : AdoNetGrainStorage
{
    private static readonly GrainStateDialect Dialect = new(parameterPrefix: "$", currentTime: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");

    private readonly string _connectionString;

    public SqliteGrainStorage(string connectionString)
        : base(Dialect)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        CreateDirectoryOf(new SqliteConnectionStringBuilder(connectionString));
    }

    private protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    private protected override Task ApplySchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // WAL is a property of the database file, so setting it once per provider is enough.
        ExecuteAsync(
            connection,
            transaction: null,
            "PRAGMA journal_mode = WAL;" + Environment.NewLine + SqlScripts.Load(SqlScripts.SqliteGrainState),
            cancellationToken);

    private static void CreateDirectoryOf(SqliteConnectionStringBuilder builder)
    {
        var file = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(file) || file == ":memory:" ||
            file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
