using Gateway.Runtime;

namespace Gateway.Catalog;

/// <summary>
/// This silo's copy of the merged catalog: an immutable snapshot swapped atomically, so the hot
/// path reads names without a grain call or a lock. Newer versions replace older ones only.
/// </summary>
public sealed class CatalogCache(IGrainFactory grains) : ICatalogBroadcast
{
    private CatalogSnapshot _current = CatalogSnapshot.Empty;
    private int _loaded;

    /// <summary>Raised after a newer snapshot is installed; handlers must not block.</summary>
    public event Action<CatalogSnapshot>? Changed;

    public CatalogSnapshot Current => Volatile.Read(ref _current);

    public async ValueTask<CatalogSnapshot> GetAsync()
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            Install(await grains.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey).GetSnapshotAsync());
            Volatile.Write(ref _loaded, 1);
        }

        return Current;
    }

    /// <summary>
    /// Asks the catalog grain for its version and fetches the snapshot only when it is newer than
    /// this copy: how a silo that may have missed a broadcast catches up.
    /// </summary>
    public async Task RefreshAsync()
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.ClusterKey);
        if (await catalog.GetVersionAsync() <= Current.Version)
        {
            return;
        }

        var snapshot = await catalog.GetSnapshotAsync();
        Volatile.Write(ref _loaded, 1);
        await PublishAsync(snapshot);
    }

    public Task PublishAsync(CatalogSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        if (Install(snapshot))
        {
            Changed?.Invoke(snapshot);
        }

        return Task.CompletedTask;
    }

    private bool Install(CatalogSnapshot snapshot)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (snapshot.Version <= current.Version)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, snapshot, current) == current)
            {
                return true;
            }
        }
    }
}
