using System.Data.Common;
using Gateway.Persistence.AdoNet;
using Gateway.Persistence.Schema;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>
/// Grain state in PostgreSQL, for clusters. The table is created on first use from
/// sql/postgres/001_grain_state.sql under an advisory lock (silos may start together). Under READ
/// COMMITTED a second concurrent UPDATE re-checks the ETag on the row the first one wrote, and
/// INSERT ... ON CONFLICT DO NOTHING lets one insert win.
/// </summary>
public sealed class PostgresGrainStorage : AdoNetGrainStorage, IAsyncDisposable, IDisposable
{
    // Arbitrary constant naming "grain_state schema" among advisory locks.
    private const long SchemaLockKey = 0x47_53_54_41_54_45_01;

    private static readonly GrainStateDialect Dialect = new(parameterPrefix: "@", currentTime: "now()");

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSchemaScript _schema = new(SqlScripts.PostgresGrainState, SchemaLockKey);

    public PostgresGrainStorage(string connectionString)
        : base(Dialect)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    private protected override Task ApplySchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _schema.EnsureAppliedAsync((NpgsqlConnection)connection, cancellationToken);
}
