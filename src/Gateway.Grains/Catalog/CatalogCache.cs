using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Catalog;

/// <summary>
/// This silo's copy of the merged catalog: an immutable snapshot swapped atomically, so the hot
/// path reads names without a grain call or a lock. Newer versions replace older ones only. The
/// copy is a grain observer subscribed to the catalog grain, which pushes each new snapshot; a push
/// lost on the way (the catalog grain moved, a silo was briefly unreachable) is made good by a
/// version check every <see cref="CheckInterval"/>: one small call that fetches the snapshot only
/// when it is newer. Both intervals run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class CatalogCache(IGrainFactory grains, TimeProvider time, ILogger<CatalogCache> logger) : ICatalogObserver, IHostedLifecycleService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private CatalogSnapshot _current = CatalogSnapshot.Empty;
    private ICatalogObserver? _reference;
    private Task _loop = Task.CompletedTask;
    private int _loaded;

    /// <summary>Raised after a newer snapshot is installed; handlers must not block.</summary>
    public event Action<CatalogSnapshot>? Changed;

    private ICatalogGrain? _grain;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Made once: the version check calls it every 2 s.</summary>
    private ICatalogGrain Grain => _grain ??= grains.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey);

    public async ValueTask<CatalogSnapshot> GetAsync()
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            Install(await Grain.GetSnapshotAsync());
            Volatile.Write(ref _loaded, 1);
        }

        return Current;
    }

    /// <summary>Fetches the snapshot when the catalog grain's version is newer than this copy.</summary>
    public async Task RefreshAsync()
    {
        if (await Grain.GetVersionAsync() <= Current.Version)
        {
            return;
        }

        var snapshot = await Grain.GetSnapshotAsync();
        Volatile.Write(ref _loaded, 1);
        Install(snapshot);
    }

    public Task OnSnapshotAsync(CatalogSnapshot snapshot)
    {
        Volatile.Write(ref _loaded, 1);
        Install(snapshot);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every hosted service, the silo's included, has started: grain calls work from here on.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<ICatalogObserver>(this);
        _loop = KeepCurrentAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_reference is not null)
        {
            try
            {
                await Grain.UnsubscribeAsync(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception)
            {
                // Best effort: an unrenewed subscription lapses by itself.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task KeepCurrentAsync(CancellationToken stopping)
    {
        DateTimeOffset? lastRenewal = null;
        using var timer = new PeriodicTimer(CheckInterval, time);
        try
        {
            do
            {
                try
                {
                    if (lastRenewal is not { } renewed || time.GetUtcNow() - renewed >= RenewInterval)
                    {
                        await Grain.SubscribeAsync(_reference!);
                        lastRenewal = time.GetUtcNow();
                    }

                    await RefreshAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Install(CatalogSnapshot snapshot)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (snapshot.Version <= current.Version)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _current, snapshot, current) == current)
            {
                Changed?.Invoke(snapshot);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Checking the catalog's version failed: {Reason}; trying again shortly")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
