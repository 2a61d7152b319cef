namespace Gateway.Persistence.Tests;

/// <summary>
/// What applying a store's schema guarantees, whatever the store: it can be applied again and again,
/// by several silos at once, and it brings outdated query texts up to date. One subclass per
/// database.
/// </summary>
public abstract class GatewaySchemaContractTests : IAsyncLifetime
{
    protected abstract string Provider { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>The query keys the provider's Orleans providers read from OrleansQuery.</summary>
    protected abstract IReadOnlyList<string> ExpectedQueryKeys { get; }

    protected abstract IReadOnlyList<string> ExpectedScriptNames { get; }

    /// <summary>The tables and indexes of the database, and every stored query text, as one comparable text.</summary>
    protected abstract Task<string> DescribeSchemaAsync();

    protected abstract Task<IReadOnlyList<string>> ReadQueryKeysAsync();

    protected abstract Task<string?> ReadQueryTextAsync(string key);

    protected abstract Task SetQueryTextAsync(string key, string text);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void ScriptNames_ListTheScriptsInApplicationOrder() =>
        Assert.Equal(ExpectedScriptNames, GatewaySchema.ScriptNames(Provider));

    [Fact]
    public async Task ApplyAsync_StoresEveryQueryTheProvidersRead()
    {
        await GatewaySchema.ApplyAsync(Provider, ConnectionString);

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), await ReadQueryKeysAsync());
    }

    [Fact]
    public async Task ApplyAsync_Twice_ChangesNothing()
    {
        await GatewaySchema.ApplyAsync(Provider, ConnectionString);
        var first = await DescribeSchemaAsync();

        await GatewaySchema.ApplyAsync(Provider, ConnectionString);

        Assert.Equal(first, await DescribeSchemaAsync());
        Assert.Equal(ExpectedQueryKeys.Count, (await ReadQueryKeysAsync()).Count);
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentlyOnAFreshDatabase_AllSucceed()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => GatewaySchema.ApplyAsync(Provider, ConnectionString))));

        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), await ReadQueryKeysAsync());
    }

    [Fact]
    public async Task ApplyAsync_ReplacesAnOutdatedQueryText()
    {
        await GatewaySchema.ApplyAsync(Provider, ConnectionString);
        var current = await ReadQueryTextAsync("ReadFromStorageKey");
        await SetQueryTextAsync("ReadFromStorageKey", "SELECT 'from an older release'");

        await GatewaySchema.ApplyAsync(Provider, ConnectionString);

        Assert.NotNull(current);
        Assert.Equal(current, await ReadQueryTextAsync("ReadFromStorageKey"));
    }

    protected static readonly string[] StorageQueryKeys =
        ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];
}
