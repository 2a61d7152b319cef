using Gateway.Catalog;
using Gateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Catalog;

/// <summary>A silo's copy of the catalog: newer versions only, a cheap version check on a fake clock, subscription renewal.</summary>
public sealed class CatalogCacheTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeCatalogGrain _grain = new();
    private readonly CatalogCache _cache;
    private bool _started;

    public CatalogCacheTests()
    {
        var grains = new FakeGrainFactory().With<ICatalogGrain>(key =>
            key == ICatalogGrain.ClusterKey ? _grain : throw new InvalidOperationException($"catalog grain '{key}'"));
        _cache = new CatalogCache(grains, _time, NullLogger<CatalogCache>.Instance);
    }

    [Fact]
    public async Task OnSnapshot_InstallsOnlyNewerVersions_AndRaisesChangedForEachOfThem()
    {
        var changed = new List<long>();
        _cache.Changed += snapshot => changed.Add(snapshot.Version);

        foreach (var version in new long[] { 2, 1, 2, 3 })
        {
            await _cache.OnSnapshotAsync(Snapshot(version));
        }

        Assert.Equal(3, _cache.Current.Version);
        Assert.Equal([2, 3], changed);
    }

    [Fact]
    public async Task GetAsync_LoadsTheSnapshotFromTheGrainOnce_ThenServesTheCopy()
    {
        _grain.Current = Snapshot(4);

        var first = await _cache.GetAsync();
        _grain.Current = Snapshot(5);
        var second = await _cache.GetAsync();

        Assert.Equal(4, first.Version);
        Assert.Same(first, second);
        Assert.Equal([FakeCatalogGrain.Snapshot], _grain.Calls.Drain());
    }

    [Fact]
    public async Task Refresh_WhenTheGrainIsNotAhead_FetchesNoSnapshot()
    {
        await _cache.OnSnapshotAsync(Snapshot(7));
        _grain.Current = Snapshot(7);

        await _cache.RefreshAsync();

        Assert.Equal([FakeCatalogGrain.Version], _grain.Calls.Drain());
        Assert.Equal(7, _cache.Current.Version);
    }

    [Fact]
    public async Task Refresh_WhenTheGrainIsAhead_FetchesAndInstallsItsSnapshot()
    {
        await _cache.OnSnapshotAsync(Snapshot(7));
        _grain.Current = Snapshot(9);

        await _cache.RefreshAsync();

        Assert.Equal([FakeCatalogGrain.Version, FakeCatalogGrain.Snapshot], _grain.Calls.Drain());
        Assert.Equal(9, _cache.Current.Version);
    }

    [Fact]
    public async Task Started_SubscribesItself_AndChecksTheVersionAtOnce()
    {
        await StartAsync();

        Assert.Equal(FakeCatalogGrain.Subscribe, await _grain.Calls.NextAsync("the subscription at start"));
        Assert.Equal(FakeCatalogGrain.Version, await _grain.Calls.NextAsync("the version check at start"));
        Assert.Same(_cache, Assert.Single(_grain.Subscribers));
    }

    [Fact]
    public async Task EachCheckInterval_TheVersionIsChecked_AndASnapshotFetchedOnlyWhenNewer()
    {
        await StartAsync();
        await ExpectAsync(FakeCatalogGrain.Subscribe, FakeCatalogGrain.Version);
        var installed = Installed(6);

        // A push that never arrived: the grain is at 6, this copy at 0.
        _grain.Current = Snapshot(6);
        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Version, FakeCatalogGrain.Snapshot);
        await installed;

        // Nothing new: the next check asks the version alone, so the call after it is the next tick's.
        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Version);
        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Version);

        Assert.Equal(6, _cache.Current.Version);
    }

    [Fact]
    public async Task TheSubscription_IsRenewedOnceEveryRenewInterval_NotOnEveryCheck()
    {
        await StartAsync();
        await ExpectAsync(FakeCatalogGrain.Subscribe, FakeCatalogGrain.Version);
        var checksPerRenewal = (int)(CatalogCache.RenewInterval / CatalogCache.CheckInterval);

        for (var tick = 1; tick < checksPerRenewal; tick++)
        {
            _time.Advance(CatalogCache.CheckInterval);
            await ExpectAsync(FakeCatalogGrain.Version);
        }

        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Subscribe, FakeCatalogGrain.Version);
        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Version);
    }

    [Fact]
    public async Task AFailedCheck_IsTriedAgainOnTheNextTick()
    {
        _grain.FailVersionChecks(1);
        _grain.Current = Snapshot(3);
        var installed = Installed(3);
        await StartAsync();

        await ExpectAsync(FakeCatalogGrain.Subscribe, FakeCatalogGrain.Version);
        Assert.Equal(0, _cache.Current.Version);
        _time.Advance(CatalogCache.CheckInterval);
        await ExpectAsync(FakeCatalogGrain.Version, FakeCatalogGrain.Snapshot);
        await installed;

        Assert.Equal(3, _cache.Current.Version);
    }

    [Fact]
    public async Task Stopping_Unsubscribes()
    {
        await StartAsync();
        await ExpectAsync(FakeCatalogGrain.Subscribe, FakeCatalogGrain.Version);

        await StopAsync();

        Assert.Equal(FakeCatalogGrain.Unsubscribe, await _grain.Calls.NextAsync("the unsubscription"));
        Assert.Empty(_grain.Subscribers);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => StopAsync();

    internal static CatalogSnapshot Snapshot(long version) => CatalogSnapshot.Empty with { Version = version };

    private async Task StartAsync()
    {
        _started = true;
        await _cache.StartingAsync(CancellationToken.None);
        await _cache.StartAsync(CancellationToken.None);
        await _cache.StartedAsync(CancellationToken.None);
    }

    private async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await _cache.StoppingAsync(CancellationToken.None);
        await _cache.StopAsync(CancellationToken.None);
        await _cache.StoppedAsync(CancellationToken.None);
    }

    /// <summary>The next calls the cache makes are these, in this order.</summary>
    private async Task ExpectAsync(params string[] calls)
    {
        foreach (var call in calls)
        {
            Assert.Equal(call, await _grain.Calls.NextAsync($"the cache's call {call}"));
        }
    }

    /// <summary>Completes when the cache installs the given version (installation follows the fetch, on the cache's loop).</summary>
    private Task Installed(long version)
    {
        var installed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cache.Changed += snapshot =>
        {
            if (snapshot.Version == version)
            {
                installed.TrySetResult();
            }
        };
        return installed.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
