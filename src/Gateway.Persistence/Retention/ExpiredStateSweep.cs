using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// One sweep of a store's grain_storage table (sql/): deletes the rows of one state name, for one
/// Orleans service, that were cleared or not written for <see cref="StateRetention.MaxAge"/>.
/// The age is measured on the database's own clock against the modified_on it stamped, so silo
/// clocks never matter. Deleting a cleared row is safe at any time: it reads as no state either
/// way, and a writer holding its old version still fails (no row matches it). Idempotent, so every
/// silo sweeps on its own.
/// </summary>
public sealed class ExpiredStateSweep
{
    // Two statements, so that each is an index lookup (sql/*grain_storage.sql: grain_storage_cleared, grain_storage_age).
    // SQLite's CURRENT_TIMESTAMP and datetime() are both whole UTC seconds as text: comparing the two
    // truncated values never finds a row younger than the age.
    private const string SqliteSql = """
        DELETE FROM grain_storage WHERE payload IS NULL AND state_name = $state AND service_id = $service;
        DELETE FROM grain_storage WHERE state_name = $state AND service_id = $service AND modified_on < datetime('now', $age);
        """;

    private const string PostgresSql = """
        DELETE FROM grain_storage WHERE payload IS NULL AND state_name = @state AND service_id = @service;
        DELETE FROM grain_storage WHERE state_name = @state AND service_id = @service AND modified_on < now() - @age;
        """;

    /// <summary>
    /// Taken with pg_try_advisory_xact_lock: one silo sweeps at a time and the others skip their
    /// turn, so two sweeps never wait on each other's rows (or deadlock over them).
    /// </summary>
    private const long PostgresSweepLock = 5134477706972453154;

    private readonly string _provider;
    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly StateRetention _retention;

    /// <param name="provider">sqlite or postgres (<see cref="GatewayStorageProviders"/>).</param>
    /// <param name="serviceId">The Orleans ServiceId whose rows are swept: a database may hold several services' rows.</param>
    public ExpiredStateSweep(string provider, string connectionString, string serviceId, StateRetention retention)
    {
        _provider = GatewayStorageProviders.Canonical(provider);
        if (_provider == GatewayStorageProviders.Memory)
        {
            throw new ArgumentException("Memory storage has no rows to sweep.", nameof(provider));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentNullException.ThrowIfNull(retention);
        _connectionString = connectionString;
        _serviceId = serviceId;
        _retention = retention;
    }

    public StateRetention Retention => _retention;

    /// <summary>Deletes what has expired; returns how many rows, 0 when another silo's sweep was running.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken = default) =>
        _provider == GatewayStorageProviders.Sqlite ? RunSqliteAsync(cancellationToken) : RunPostgresAsync(cancellationToken);

    private async Task<int> RunSqliteAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSql;
        command.Parameters.AddWithValue("$state", _retention.StateName);
        command.Parameters.AddWithValue("$service", _serviceId);

        // Whole seconds, rounded up: a little later than asked, never earlier.
        var seconds = Math.Ceiling(_retention.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        command.Parameters.AddWithValue("$age", $"-{seconds} seconds");
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RunPostgresAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var locking = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@lock)", connection, transaction))
        {
            locking.Parameters.AddWithValue("lock", PostgresSweepLock);
            if (await locking.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand(PostgresSql, connection, transaction);
        command.Parameters.AddWithValue("state", _retention.StateName);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("age", _retention.MaxAge);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
