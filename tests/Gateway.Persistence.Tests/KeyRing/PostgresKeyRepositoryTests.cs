using System.Xml.Linq;
using Gateway.Persistence.KeyRing;
using Gateway.Testing;

namespace Gateway.Persistence.Tests;

public sealed class PostgresKeyRepositoryTests : KeyRingStoreContractTests
{
    private const string Service = "mcp-gateway-keys";
    private PostgresTestDatabase? _database;
    private PostgresKeyRepository? _store;

    protected override IKeyRingStore Store => _store!;

    public override async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await GatewaySchema.ApplyAsync(GatewayStorageProviders.Postgres, _database.ConnectionString);
        _store = new PostgresKeyRepository(_database.ConnectionString, Service);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public void AnotherServicesKeys_AreNotRead()
    {
        new PostgresKeyRepository(_database!.ConnectionString, "another-service").StoreElement(new XElement("key"), "key-other");

        Assert.Empty(Store.GetAllElements());
    }

    [Fact]
    public async Task RunExclusive_KeepsASecondSiloWaiting_UntilTheFirstIsDone()
    {
        var other = new PostgresKeyRepository(_database!.ConnectionString, Service);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => Store.RunExclusive(() =>
        {
            holding.Set();
            release.Wait();
        }));
        holding.Wait();

        var second = Task.Run(() => other.RunExclusive(() => { }));

        // The database shows the second session waiting on the advisory lock the first holds.
        await Eventually.Async(
            () => _database.ExecuteAsync("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"),
            waiting => (long?)waiting == 1, TimeSpan.FromSeconds(30), "waiting for the key ring's lock");
        var finishedWhileHeld = second.IsCompleted;
        release.Set();
        await first;
        await second;

        Assert.False(finishedWhileHeld, "a second RunExclusive ran while the first held the lock");
    }
}
