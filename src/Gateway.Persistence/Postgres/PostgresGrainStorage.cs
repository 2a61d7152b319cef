using Gateway.Persistence.Schema;
using Gateway.Runtime;
using Npgsql;
using NpgsqlTypes;

namespace Gateway.Persistence;

/// <summary>
/// Grain state in PostgreSQL, for clusters. The table is created on first use from
/// sql/postgres/001_grain_state.sql under an advisory lock (silos may start together). ETag checks
/// are single conditional statements: under READ COMMITTED a second concurrent UPDATE re-checks the
/// ETag on the row the first one wrote, and INSERT ... ON CONFLICT DO NOTHING lets one insert win.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private const string KeyPredicate = "state_name = @state AND grain_type = @type AND grain_key = @key";

    // Arbitrary constant naming "grain_state schema" among advisory locks.
    private const long SchemaLockKey = 0x47_53_54_41_54_45_01;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresGrainStorage(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
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
              "VALUES (@state, @type, @key, @payload, @etag, now()) ON CONFLICT DO NOTHING"
            : $"UPDATE grain_state SET payload = @payload, etag = @etag, updated_at = now() WHERE {KeyPredicate} AND etag = @expected";
        await using var command = Command(connection, sql, stateName, grainId);
        command.Parameters.Add(new NpgsqlParameter<string>("payload", NpgsqlDbType.Text) { TypedValue = payload });
        command.Parameters.Add(new NpgsqlParameter<string>("etag", NpgsqlDbType.Text) { TypedValue = etag });
        if (expectedEtag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("expected", NpgsqlDbType.Text) { TypedValue = expectedEtag });
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

        await using var command = Command(connection, $"DELETE FROM grain_state WHERE {KeyPredicate} AND etag = @expected", stateName, grainId);
        command.Parameters.Add(new NpgsqlParameter<string>("expected", NpgsqlDbType.Text) { TypedValue = expectedEtag });
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw await ConflictAsync(connection, "clear", stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = stateName });
        command.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = grainId.Key });
        return command;
    }

    private static async Task<string?> ReadEtagAsync(
        NpgsqlConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"SELECT etag FROM grain_state WHERE {KeyPredicate}", stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<InconsistentStateException> ConflictAsync(
        NpgsqlConnection connection, string operation, string stateName, GrainId grainId, string? expectedEtag,
        CancellationToken cancellationToken)
    {
        var stored = await ReadEtagAsync(connection, stateName, grainId, cancellationToken).ConfigureAwait(false);
        return StateConflict.Create(operation, stateName, grainId, expectedEtag, stored);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin (duplicate pg_type rows),
            // so silos starting together take turns.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = SchemaLockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var schemaCommand = new NpgsqlCommand(SqlScripts.Load(SqlScripts.PostgresGrainState), connection, transaction))
            {
                await schemaCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
