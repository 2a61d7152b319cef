using Gateway.Runtime;
using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Gateway.Persistence;

/// <summary>
/// The cluster's grain directory in PostgreSQL (sql/postgres/003_grain_directory.sql, applied on
/// first use together with the membership script it reads). A claim is one
/// INSERT ... ON CONFLICT DO UPDATE ... WHERE statement: under READ COMMITTED the conflicting row is
/// locked and the WHERE (the holder is this silo incarnation, or its membership row is not Joining,
/// Active or ShuttingDown) is checked against the committed row, so of claims made at once exactly
/// one changes the row. A claim that changed nothing reads the holder in a second statement.
/// </summary>
public sealed partial class PostgresGrainDirectory : IGrainDirectory, IAsyncDisposable, IDisposable
{
    internal const string SchemaScript = "postgres/003_grain_directory.sql";

    // Arbitrary constant naming "grain_directory schema" among advisory locks.
    private const long SchemaLockKey = 0x44_49_52_45_43_54_03;

    // A lost claim is retried only when the holder released the grain before it could be read: a
    // few rounds are plenty, and an endless loop would hide a broken table.
    private const int MaxClaimAttempts = 5;

    private const string GrainKey = "cluster_id = @cluster AND grain_type = @type AND grain_key = @key";

    private static readonly string LiveHolder =
        "EXISTS (SELECT 1 FROM membership m WHERE m.cluster_id = grain_directory.cluster_id " +
        "AND m.address = grain_directory.silo_address AND m.silo_port = grain_directory.silo_port " +
        "AND m.generation = grain_directory.silo_generation " +
        $"AND m.status IN ('{PostgresMembershipRows.StatusText(SiloStatus.Joining)}', " +
        $"'{PostgresMembershipRows.StatusText(SiloStatus.Active)}', '{PostgresMembershipRows.StatusText(SiloStatus.ShuttingDown)}'))";

    private static readonly string SweepSql = $"DELETE FROM grain_directory WHERE cluster_id = @cluster AND NOT {LiveHolder}";


    private static readonly string ClaimSql =
        "INSERT INTO grain_directory (cluster_id, grain_type, grain_key, silo_address, silo_port, silo_generation, activation_id, registered_at) " +
        "VALUES (@cluster, @type, @key, @address, @port, @generation, @activation, now()) " +
        "ON CONFLICT (cluster_id, grain_type, grain_key) DO UPDATE SET " +
        "silo_address = EXCLUDED.silo_address, silo_port = EXCLUDED.silo_port, silo_generation = EXCLUDED.silo_generation, " +
        "activation_id = EXCLUDED.activation_id, registered_at = EXCLUDED.registered_at " +
        "WHERE (grain_directory.silo_address = EXCLUDED.silo_address AND grain_directory.silo_port = EXCLUDED.silo_port " +
        "AND grain_directory.silo_generation = EXCLUDED.silo_generation) " +
        $"OR NOT {LiveHolder} " +
        "RETURNING activation_id";

    private const string LookupSql =
        $"SELECT silo_address, silo_port, silo_generation, activation_id FROM grain_directory WHERE {GrainKey}";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly ILogger _logger;

    // The claim reads membership, so its table must exist even when no membership table was opened yet.
    private readonly PostgresSchemaScript _membershipSchema = new(PostgresMembershipTable.SchemaScript, PostgresMembershipTable.SchemaLockKey);
    private readonly PostgresSchemaScript _schema = new(SchemaScript, SchemaLockKey);

    public PostgresGrainDirectory(string connectionString, string clusterId, ILogger<PostgresGrainDirectory>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _clusterId = clusterId;
        _logger = logger ?? NullLogger<PostgresGrainDirectory>.Instance;
    }

    public async Task<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.Silo);
        ArgumentNullException.ThrowIfNull(address.ActivationId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            await using (var claim = GrainCommand(connection, ClaimSql, address.GrainId))
            {
                Add(claim, "address", NpgsqlDbType.Text, address.Silo.Host);
                Add(claim, "port", NpgsqlDbType.Integer, address.Silo.SiloPort);
                Add(claim, "generation", NpgsqlDbType.Bigint, address.Silo.Generation);
                Add(claim, "activation", NpgsqlDbType.Text, address.ActivationId);
                if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return address;
                }
            }

            // A live holder kept the row; it is committed, so this statement sees it unless it was released since.
            if (await LookupAsync(connection, address.GrainId, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                return holder;
            }

            LogHolderReleased(_logger, address.GrainId, attempt);
        }

        throw new InvalidOperationException(
            $"The grain directory entry of {address.GrainId} in cluster '{_clusterId}' changed hands {MaxClaimAttempts} times while " +
            $"{address.Silo} claimed it; the claim was abandoned.");
    }

    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(address.ActivationId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = GrainCommand(connection, $"DELETE FROM grain_directory WHERE {GrainKey} AND activation_id = @activation", address.GrainId);
        Add(command, "activation", NpgsqlDbType.Text, address.ActivationId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LookupAsync(connection, grainId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RemoveEntriesOfDeadSilosAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SweepSql, connection);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task<GrainAddress?> LookupAsync(NpgsqlConnection connection, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = GrainCommand(connection, LookupSql, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var silo = new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
        return new GrainAddress(grainId, silo, reader.GetString(3));
    }

    private NpgsqlCommand GrainCommand(NpgsqlConnection connection, string sql, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(grainId.Type, nameof(grainId));
        ArgumentNullException.ThrowIfNull(grainId.Key, nameof(grainId));
        var command = new NpgsqlCommand(sql, connection);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        Add(command, "type", NpgsqlDbType.Text, grainId.Type);
        Add(command, "key", NpgsqlDbType.Text, grainId.Key);
        return command;
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T value) =>
        command.Parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _membershipSchema.EnsureAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            await _schema.EnsureAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The grain directory's log messages are the 2200 block (stable ids: add new ones, never renumber).
    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug,
        Message = "The holder of grain {GrainId} released it before this silo's lost claim could read it; claiming again (attempt {Attempt})")]
    private static partial void LogHolderReleased(ILogger logger, GrainId grainId, int attempt);
}
