using Gateway.Testing;

namespace Gateway.Persistence.Tests;

public sealed class PostgresGrainStorageTests : GrainStorageContractTests
{
    private PostgresTestDatabase? _database;

    protected override string Provider => GatewayStorageProviders.Postgres;

    protected override string? ConnectionString => Database.ConnectionString;

    protected override bool KeepsStateAcrossRestarts => true;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    public override async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    // Npgsql reads a json column as a string; the cast fails for anything else (bytea would be byte[]).
    private protected override async Task<string?> ReadStoredPayloadAsync(TestSilo silo, INoteGrain grain) =>
        (string?)await Database.ExecuteAsync(
            $"SELECT payload FROM grain_storage WHERE state_name = '{NoteGrain.StateName}' AND grain_key_string = '{grain.GetPrimaryKeyString()}'");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
