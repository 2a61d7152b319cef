using System.Data;
using System.Data.Common;
using Gateway.Persistence.AdoNet;
using Gateway.Persistence.Schema;
using Gateway.Runtime;

namespace Gateway.Persistence;

/// <summary>
/// Grain state in a relational database through ADO.NET, the shape of Orleans' ADO.NET storage: one
/// row per state name and grain id. ETag checks are single conditional statements, so concurrent
/// writers with the same ETag cannot both win; when a statement changes no row, the stored ETag is
/// read back for the conflict. A provider supplies its connections, its dialect and how its schema
/// is applied, which happens once per provider, on first use.
/// </summary>
public abstract class AdoNetGrainStorage : IGrainStorage
{
    private readonly GrainStateDialect _dialect;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    private protected AdoNetGrainStorage(GrainStateDialect dialect) => _dialect = dialect;

    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = KeyedCommand(connection, _dialect.Read, stateName, grainId);
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
        var sql = expectedEtag is null ? _dialect.Insert : _dialect.Update;
        await using var command = KeyedCommand(connection, sql, stateName, grainId);
        AddText(command, GrainStateDialect.Payload, payload);
        AddText(command, GrainStateDialect.Etag, etag);
        if (expectedEtag is not null)
        {
            AddText(command, GrainStateDialect.ExpectedEtag, expectedEtag);
        }

        await ExecuteConditionalAsync(command, "write", stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
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

        await using var command = KeyedCommand(connection, _dialect.Delete, stateName, grainId);
        AddText(command, GrainStateDialect.ExpectedEtag, expectedEtag);
        await ExecuteConditionalAsync(command, "clear", stateName, grainId, expectedEtag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new, closed connection to the provider's database.</summary>
    private protected abstract DbConnection CreateConnection();

    /// <summary>Creates the grain_state table when it is missing; must be safe to run again.</summary>
    private protected abstract Task ApplySchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    private protected static async Task ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private DbCommand KeyedCommand(DbConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddText(command, GrainStateDialect.StateName, stateName);
        AddText(command, GrainStateDialect.GrainType, grainId.Type);
        AddText(command, GrainStateDialect.GrainKey, grainId.Key);
        return command;
    }

    private void AddText(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = _dialect.Parameter(name);
        parameter.DbType = DbType.String;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs a conditional write; when it changes no row, throws the conflict with the stored ETag.</summary>
    private async Task ExecuteConditionalAsync(
        DbCommand command, string operation, string stateName, GrainId grainId, string? expectedEtag,
        CancellationToken cancellationToken)
    {
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            var stored = await ReadEtagAsync(command.Connection!, stateName, grainId, cancellationToken).ConfigureAwait(false);
            throw StateConflict.Create(operation, stateName, grainId, expectedEtag, stored);
        }
    }

    private async Task<string?> ReadEtagAsync(
        DbConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = KeyedCommand(connection, _dialect.ReadEtag, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
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

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await ApplySchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
