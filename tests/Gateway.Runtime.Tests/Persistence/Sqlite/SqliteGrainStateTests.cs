using Gateway.Persistence;
using Gateway.Runtime.Tests.Grains;
using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Persistence.Sqlite;

/// <summary>Grain state kept by the SQLite provider through deactivation and a restart of the whole silo.</summary>
public sealed class SqliteGrainStateTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string ConnectionString => $"Data Source={_directory.File("silo.db")}";

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        await using var silo = await StartSiloAsync();
        var grain = silo.Grain<ICounterGrain>("sqlite-durable");
        await grain.IncrementAsync();
        await grain.IncrementAsync();

        await grain.RequestDeactivationAsync();
        await silo.Probe.WaitForAsync("deactivated:sqlite-durable:Requested");

        Assert.Equal(2, await grain.GetValueSeenOnActivationAsync());
        Assert.Equal(2, silo.Probe.Count("activations:sqlite-durable"));
    }

    [Fact]
    public async Task State_SurvivesARestartOfTheSilo()
    {
        await using (var before = await StartSiloAsync())
        {
            var grain = before.Grain<ICounterGrain>("sqlite-restart");
            await grain.IncrementAsync();
            await grain.IncrementAsync();
            await grain.IncrementAsync();
        }

        await using var after = await StartSiloAsync();
        var again = after.Grain<ICounterGrain>("sqlite-restart");

        Assert.Equal(3, await again.GetValueSeenOnActivationAsync());
        Assert.Equal(4, await again.IncrementAsync());
    }

    public void Dispose() => _directory.Dispose();

    private Task<TestSilo> StartSiloAsync() =>
        TestSilo.StartAsync(services => services.AddSqliteGrainStorage(IGrainStorageFactory.DefaultName, ConnectionString));
}
