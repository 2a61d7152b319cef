using System.Globalization;

namespace Gateway.Persistence.Tests;

public sealed class SqliteExpiredStateSweepTests : ExpiredStateSweepContractTests
{
    private readonly SqliteTestDatabase _database = new();

    protected override string Provider => GatewayStorageProviders.Sqlite;

    protected override string ConnectionString => _database.ConnectionString;

    // modified_on as the storage's CURRENT_TIMESTAMP writes it: UTC text to the second.
    protected override Task InsertAsync(string service, string state, string key, string? payload, TimeSpan age) =>
        _database.ExecuteAsync(
            """
            INSERT INTO grain_storage (service_id, state_name, state_name_hash, grain_key_n0, grain_key_n1, grain_key_string, grain_key_hash, payload, version, modified_on)
            VALUES ($service, $state, 1, 0, 0, $key, 1, $payload, 1, datetime('now', $age))
            """,
            ("$service", service),
            ("$state", state),
            ("$key", key),
            ("$payload", (object?)payload ?? DBNull.Value),
            ("$age", $"-{age.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds"));

    protected override async Task<IReadOnlyList<string>> KeysAsync()
    {
        var keys = (string?)await _database.ExecuteAsync("SELECT group_concat(grain_key_string, ',') FROM (SELECT grain_key_string FROM grain_storage ORDER BY 1)");
        return keys is null ? [] : keys.Split(',');
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
