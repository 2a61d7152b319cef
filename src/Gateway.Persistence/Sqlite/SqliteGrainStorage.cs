using Gateway.Persistence.Schema;
using Gateway.Runtime;
using Microsoft.Data.Sqlite;

namespace Gateway.Persistence;

/// <summary>
/// Grain state in a SQLite file: the embedded single-node default. The table is created on first
/// use from sql/sqlite/001_grain_state.sql and the database is switched to WAL, so readers do not
/// block the writer. ETag checks are single conditional statements, so concurrent writers with the
/// same ETag cannot both win.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string KeyPredicate = "state_name = $state AND grain_type = $type AND grain_key = $key";
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteGrainStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        CreateDirectoryOf(new SqliteConnectionStringBuilder(connectionString));
    }

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT payload, etag FROM grain_state WHERE {KeyPredicate}", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainStateRecord(reader.GetString(0), reader.GetString(1))
            : null;
    }

    public async Task<string> WriteAsync(
        string stateName, GrainId grainId, string payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var etag = StateConflict.NewEtag();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = expectedEtag is null
            ? "INSERT INTO grain_state (state_name, grain_type, grain_key, payload, etag, updated_at) " +
              $"VALUES ($state, $type, $key, $payload, $etag, {Now}) ON CONFLICT DO NOTHING"
            : $"UPDATE grain_state SET payload = $payload, etag = $etag, updated_at = {Now} WHERE {KeyPredicate} AND etag = $expected";
        await using var command = Command(connection, sql, stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$etag", etag);
        if (expectedEtag is not null)
        {
            command.Parameters.AddWithValue("$expected", expectedEtag);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw await ConflictAsync(connection, "write", stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
        }

        return etag;
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (expectedEtag is null)
        {
            // Nothing to delete; the rule only asks that no record exists.
            if (await ReadEtagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                throw StateConflict.Create("clear", stateName, grainId, expectedEtag, stored);
            }

            return;
        }

        await using var command = Command(connection, $"DELETE FROM grain_state WHERE {KeyPredicate} AND etag = $expected", stateName, grainId);
        command.Parameters.AddWithValue("$expected", expectedEtag);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw await ConflictAsync(connection, "clear", stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        return command;
    }

    private static async Task<string?> ReadEtagAsync(
        SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT etag FROM grain_state WHERE {KeyPredicate}", stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<InconsistentStateException> ConflictAsync(
        SqliteConnection connection, string operation, string stateName, GrainId grainId, string? expectedEtag,
        CancellationToken cancellationToken)
    {
        var stored = await ReadEtagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
        return StateConflict.Create(operation, stateName, grainId, expectedEtag, stored);
    }

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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // WAL is a property of the database file, so setting it once per provider is enough.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;" + Environment.NewLine + SqlScripts.Load(SqlScripts.SqliteGrainState);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
