namespace Gateway.Persistence.Tests;

/// <summary>
/// What a sweep of expired states deletes, on the project's schema: rows of its state and service
/// that were cleared or not written for the retention age, and nothing else, however many silos
/// sweep at once. One subclass per database.
/// </summary>
public abstract class ExpiredStateSweepContractTests : IAsyncLifetime
{
    protected const string Service = "mcp-gateway-sweep";
    protected const string State = "session";
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    protected abstract string Provider { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>Stores a row as Orleans' storage would, written <paramref name="age"/> ago by the database's clock.</summary>
    protected abstract Task InsertAsync(string service, string state, string key, string? payload, TimeSpan age);

    /// <summary>The keys of every row left, in order.</summary>
    protected abstract Task<IReadOnlyList<string>> KeysAsync();

    public virtual async Task InitializeAsync() => await GatewaySchema.ApplyAsync(Provider, ConnectionString);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sweep_DeletesRowsOlderThanTheAge_AndClearedOnes_OfItsStateAndServiceOnly()
    {
        await InsertAsync(Service, State, "old", "{}", TimeSpan.FromHours(2));
        await InsertAsync(Service, State, "cleared", null, TimeSpan.FromSeconds(5));
        await InsertAsync(Service, State, "young", "{}", TimeSpan.FromMinutes(5));
        await InsertAsync(Service, "upstream-registry", "other-state", "{}", TimeSpan.FromDays(30));
        await InsertAsync("another-service", State, "other-service", "{}", TimeSpan.FromDays(30));

        var deleted = await Sweep().RunAsync();

        Assert.Equal(2, deleted);
        Assert.Equal(["other-service", "other-state", "young"], await KeysAsync());
    }

    [Fact]
    public async Task Sweep_NeverDeletesARowWrittenWithinTheAge()
    {
        await InsertAsync(Service, State, "within", "{}", MaxAge - TimeSpan.FromSeconds(3));

        Assert.Equal(0, await Sweep().RunAsync());
        Assert.Equal(["within"], await KeysAsync());
    }

    [Fact]
    public async Task Sweeps_RunningConcurrently_DeleteEachRowOnce_AndAllSucceed()
    {
        for (var i = 0; i < 20; i++)
        {
            await InsertAsync(Service, State, $"old-{i:00}", "{}", TimeSpan.FromHours(3));
        }

        await InsertAsync(Service, State, "young", "{}", TimeSpan.Zero);

        var deleted = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Sweep().RunAsync())));

        Assert.Equal(20, deleted.Sum());
        Assert.Equal(["young"], await KeysAsync());

        // Whatever the first round left to another silo's turn is done by the next.
        Assert.Equal(0, await Sweep().RunAsync());
    }

    private ExpiredStateSweep Sweep() => new(Provider, ConnectionString, Service, new StateRetention(State, MaxAge, TimeSpan.FromMinutes(1)));
}
