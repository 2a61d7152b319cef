namespace Gateway.Persistence.Tests;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    private readonly SqliteTestDatabase _database = new();

    protected override string Provider => GatewayStorageProviders.Sqlite;

    protected override string? ConnectionString => _database.ConnectionString;

    protected override bool KeepsStateAcrossRestarts => true;

    // The cast fails unless the column holds TEXT, which it must: JSON readable in SQL.
    private protected override async Task<string?> ReadStoredPayloadAsync(TestSilo silo, INoteGrain grain) =>
        (string?)await _database.ExecuteAsync(
            "SELECT payload FROM grain_storage WHERE state_name = $state AND grain_key_string = $key",
            ("$state", NoteGrain.StateName),
            ("$key", grain.GetPrimaryKeyString()));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
