using Gateway.Persistence;
using Gateway.Runtime.Tests.Storage;
using Gateway.Runtime.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gateway.Runtime.Tests.Persistence.Sqlite;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public SqliteGrainStorageTests() =>
        Storage = new SqliteGrainStorage($"Data Source={_directory.File("state.db")}");

    protected override IGrainStorage Storage { get; }

    [Fact]
    public async Task FirstUse_CreatesTheSchemaInWalMode()
    {
        await Storage.ReadAsync("any", new GrainId("AnyGrain", "k"), CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={_directory.File("state.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
        command.CommandText = "SELECT group_concat(name, ',') FROM pragma_table_info('grain_state')";
        Assert.Equal("state_name,grain_type,grain_key,payload,etag,updated_at", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task Storage_InADirectoryThatDoesNotExistYet_CreatesIt()
    {
        var storage = new SqliteGrainStorage($"Data Source={_directory.File(Path.Combine("nested", "deeper", "state.db"))}");

        var etag = await storage.WriteAsync("s", new GrainId("AnyGrain", "k"), "{}", null, CancellationToken.None);

        Assert.NotNull(await storage.ReadAsync("s", new GrainId("AnyGrain", "k"), CancellationToken.None));
        Assert.False(string.IsNullOrEmpty(etag));
    }

    public void Dispose() => _directory.Dispose();
}
