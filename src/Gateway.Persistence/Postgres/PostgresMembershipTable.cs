using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Gateway.Persistence;

/// <summary>
/// The cluster's membership table in PostgreSQL (sql/postgres/002_membership.sql, applied on first
/// use). A structural write is one transaction that first moves the cluster's row of
/// membership_version on, conditionally on the version and ETag the caller read; its row lock
/// serializes the cluster's writers, so under READ COMMITTED a second writer that read the same
/// version re-checks against the committed one and changes nothing. A read is one statement, so
/// the rows and the version it returns belong together.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable, IDisposable
{
    internal const string SchemaScript = "postgres/002_membership.sql";

    // Arbitrary constant naming "membership schema" among advisory locks.
    internal const long SchemaLockKey = 0x4D_45_4D_42_45_52_02;

    private const string SiloKey = "cluster_id = @cluster AND address = @address AND silo_port = @port AND generation = @generation";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private readonly PostgresSchemaScript _schema = new(SchemaScript, SchemaLockKey);
    private readonly ConcurrentDictionary<string, bool> _reportedRows = new();
    private volatile bool _clusterReady;

    public PostgresMembershipTable(string connectionString, string clusterId, ILogger<PostgresMembershipTable>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _clusterId = clusterId;
        _logger = logger ?? NullLogger<PostgresMembershipTable>.Instance;
    }

    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            // Someone deleted the cluster's version row by hand: start it again rather than fail forever.
            await InsertVersionRowAsync(connection, cancellationToken).ConfigureAwait(false);
            snapshot = await ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        return snapshot ?? throw new InvalidOperationException($"The membership_version row of cluster '{_clusterId}' cannot be created.");
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        const string sql =
            "INSERT INTO membership (cluster_id, address, silo_port, generation, silo_name, http_port, status, start_time, iamalive_time, etag) " +
            "VALUES (@cluster, @address, @port, @generation, @name, @http, @status, @start, @alive, @etag) ON CONFLICT DO NOTHING";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Leaving without Commit rolls the version bump back when disposed.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryBumpVersionAsync(connection, transaction, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await using var command = EntryCommand(connection, transaction, sql, entry);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> UpdateRowAsync(
        MembershipEntry entry, string expectedEtag, TableVersion expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(expectedEtag);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        const string sql =
            "UPDATE membership SET silo_name = @name, http_port = @http, status = @status, start_time = @start, " +
            $"iamalive_time = @alive, etag = @etag WHERE {SiloKey} AND etag = @expected";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await TryBumpVersionAsync(connection, transaction, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await using var command = EntryCommand(connection, transaction, sql, entry);
        Add(command, "expected", NpgsqlDbType.Text, expectedEtag);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = SiloCommand(connection, null, $"UPDATE membership SET iamalive_time = @alive WHERE {SiloKey}", silo);
        Add(command, "alive", NpgsqlDbType.TimestampTz, iAmAliveTime.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<int> CleanupDefunctEntriesAsync(DateTimeOffset deadBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "DELETE FROM membership WHERE cluster_id = @cluster AND status = @dead AND iamalive_time < @before", connection);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        Add(command, "dead", NpgsqlDbType.Text, PostgresMembershipRows.StatusText(SiloStatus.Dead));
        Add(command, "before", NpgsqlDbType.TimestampTz, deadBefore.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task<MembershipTableSnapshot?> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // A LEFT JOIN, so that a cluster without rows still returns its version.
        await using var command = new NpgsqlCommand(
            $"SELECT v.version, v.etag, {PostgresMembershipRows.Columns} " +
            "FROM membership_version v LEFT JOIN membership m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = @cluster",
            connection);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        TableVersion? version = null;
        var rows = ImmutableArray.CreateBuilder<MembershipRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version ??= new TableVersion(reader.GetInt64(0), reader.GetString(1));
            if (reader.IsDBNull(2))
            {
                continue;
            }

            if (PostgresMembershipRows.TryRead(reader, 2, out var row, out var problem))
            {
                rows.Add(row);
            }
            else
            {
                ReportSkippedRow(PostgresMembershipRows.DescribeKey(reader, 2), problem);
            }
        }

        return version is null ? null : new MembershipTableSnapshot(rows.ToImmutable(), version);
    }

    // Once per row and problem, not on every refresh of every silo.
    private void ReportSkippedRow(string row, string problem)
    {
        if (_reportedRows.TryAdd($"{row}\n{problem}", true))
        {
            PostgresMembershipLog.SkippedRow(_logger, row, _clusterId, problem);
        }
    }

    private async Task<bool> TryBumpVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion expected, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE membership_version SET version = version + 1, etag = @etag, updated_at = now() " +
            "WHERE cluster_id = @cluster AND version = @version AND etag = @expected",
            connection,
            transaction);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        Add(command, "etag", NpgsqlDbType.Text, NewEtag());
        Add(command, "version", NpgsqlDbType.Bigint, expected.Version);
        Add(command, "expected", NpgsqlDbType.Text, expected.ETag);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task InsertVersionRowAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO membership_version (cluster_id, version, etag, updated_at) VALUES (@cluster, 0, @etag, now()) ON CONFLICT DO NOTHING",
            connection);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        Add(command, "etag", NpgsqlDbType.Text, NewEtag());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlCommand EntryCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, MembershipEntry entry)
    {
        var command = SiloCommand(connection, transaction, sql, entry.Silo);
        Add(command, "name", NpgsqlDbType.Text, entry.SiloName);
        Add(command, "http", NpgsqlDbType.Integer, entry.HttpPort);
        Add(command, "status", NpgsqlDbType.Text, PostgresMembershipRows.StatusText(entry.Status));
        Add(command, "start", NpgsqlDbType.TimestampTz, entry.StartTime.ToUniversalTime());
        Add(command, "alive", NpgsqlDbType.TimestampTz, entry.IAmAliveTime.ToUniversalTime());
        Add(command, "etag", NpgsqlDbType.Text, NewEtag());
        return command;
    }

    private NpgsqlCommand SiloCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, SiloAddress silo)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        Add(command, "cluster", NpgsqlDbType.Text, _clusterId);
        Add(command, "address", NpgsqlDbType.Text, silo.Host);
        Add(command, "port", NpgsqlDbType.Integer, silo.SiloPort);
        Add(command, "generation", NpgsqlDbType.Bigint, silo.Generation);
        return command;
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T value) =>
        command.Parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_clusterReady)
            {
                await _schema.EnsureAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
                await InsertVersionRowAsync(connection, cancellationToken).ConfigureAwait(false);
                _clusterReady = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
