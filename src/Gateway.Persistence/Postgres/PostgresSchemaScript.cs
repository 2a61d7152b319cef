using Gateway.Persistence.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Gateway.Persistence;

/// <summary>
/// One script of sql/postgres, applied at most once per instance of its owner, on first use.
/// Silos that start together take turns under a transaction-scoped advisory lock, because
/// CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin (duplicate pg_type rows).
/// </summary>
internal sealed class PostgresSchemaScript(string scriptName, long advisoryLockKey)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _applied;

    public async Task EnsureAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (_applied)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_applied)
            {
                return;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = advisoryLockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var scriptCommand = new NpgsqlCommand(SqlScripts.Load(scriptName), connection, transaction))
            {
                await scriptCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _applied = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
