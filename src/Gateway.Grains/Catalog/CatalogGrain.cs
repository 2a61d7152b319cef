using System.Text.Json;
using Gateway.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Gateway.Catalog;

/// <summary>
/// The cluster's one merged registry. Upstream grains publish their catalogs here; every change
/// makes a new snapshot with a higher version, which is pushed to every silo's cache (each
/// subscribes as an observer and renews its subscription; <see cref="CatalogCache"/>). The
/// upstreams' catalogs and the version are persisted, so that a re-activation on another silo
/// (its silo left or died) goes on from the same catalog and never hands out a lower version.
/// </summary>
[KeepAlive]
public sealed partial class CatalogGrain(
    [PersistentState("catalog")] IPersistentState<CatalogGrainState> stored,
    IOptions<CatalogOptions> options,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    /// <summary>Silos renew well within this (<see cref="CatalogCache.RenewInterval"/>); a dead silo's subscription lapses.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, UpstreamCatalog> _upstreams = new(StringComparer.Ordinal);
    private readonly ObserverManager<ICatalogObserver> _observers = new(SubscriptionLifetime, logger);
    private CatalogSnapshot _snapshot = CatalogSnapshot.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (stored.State.Version > 0)
        {
            foreach (var upstream in stored.State.Upstreams)
            {
                _upstreams[upstream.Upstream] = upstream;
            }

            _snapshot = CatalogMerger.Merge(stored.State.Version, _upstreams.Values, options.Value.Separator, CatalogChanges.None).Snapshot;
        }

        return Task.CompletedTask;
    }

    public Task<CatalogSnapshot> GetSnapshotAsync() => Task.FromResult(_snapshot);

    public Task<long> GetVersionAsync() => Task.FromResult(_snapshot.Version);

    public Task SubscribeAsync(ICatalogObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ICatalogObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task PublishAsync(UpstreamCatalog catalog)
    {
        _upstreams.TryGetValue(catalog.Upstream, out var previous);
        if (previous is not null && previous.Revision != catalog.Revision)
        {
            // A redefined upstream: silos must see the new revision to drop their old connections.
            _upstreams[catalog.Upstream] = catalog;
            await RebuildAsync(Compare(previous, catalog));
            return;
        }

        var changes = Compare(previous ?? UpstreamCatalog.Empty(catalog.Upstream), catalog);
        _upstreams[catalog.Upstream] = catalog;
        if (changes != CatalogChanges.None || previous is null || previous.Available != catalog.Available)
        {
            await RebuildAsync(changes);
        }
    }

    public async Task RemoveUpstreamAsync(string upstream)
    {
        if (_upstreams.Remove(upstream, out var previous))
        {
            await RebuildAsync(Compare(previous, UpstreamCatalog.Empty(upstream)));
        }
    }

    public async Task RetainUpstreamsAsync(string[] upstreams)
    {
        var gone = _upstreams.Keys.Except(upstreams, StringComparer.Ordinal).ToList();
        var changes = CatalogChanges.None;
        foreach (var upstream in gone)
        {
            _upstreams.Remove(upstream, out var previous);
            changes |= Compare(previous!, UpstreamCatalog.Empty(upstream));
        }

        if (gone.Count > 0)
        {
            await RebuildAsync(changes);
        }
    }

    private async Task RebuildAsync(CatalogChanges changes)
    {
        var result = CatalogMerger.Merge(_snapshot.Version + 1, _upstreams.Values, options.Value.Separator, changes);
        foreach (var collision in result.Collisions)
        {
            LogCollision(logger, collision);
        }

        _snapshot = result.Snapshot;
        stored.State = new CatalogGrainState { Version = _snapshot.Version, Upstreams = [.. _upstreams.Values] };
        await stored.WriteStateAsync();
        LogVersion(logger, _snapshot.Version, _snapshot.Tools.Count, _snapshot.Resources.Count, _snapshot.Prompts.Count, changes);

        // One-way pushes: the grain's turn never waits on silos; one that misses it catches up by version.
        var snapshot = _snapshot;
        await _observers.Notify(observer => observer.OnSnapshotAsync(snapshot));
    }

    private static CatalogChanges Compare(UpstreamCatalog before, UpstreamCatalog after)
    {
        var changes = CatalogChanges.None;
        if (!SameJson(before.Tools, after.Tools))
        {
            changes |= CatalogChanges.Tools;
        }

        if (!SameJson(before.Resources, after.Resources) || !SameJson(before.ResourceTemplates, after.ResourceTemplates))
        {
            changes |= CatalogChanges.Resources;
        }

        if (!SameJson(before.Prompts, after.Prompts))
        {
            changes |= CatalogChanges.Prompts;
        }

        return changes;
    }

    private static bool SameJson<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) =>
        a.Count == b.Count
        && JsonSerializer.Serialize(a, JsonRpc.Options) == JsonSerializer.Serialize(b, JsonRpc.Options);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Catalog name collision: {Collision}")]
    private static partial void LogCollision(ILogger logger, string collision);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Catalog version {Version}: {Tools} tools, {Resources} resources, {Prompts} prompts (changed: {Changes})")]
    private static partial void LogVersion(ILogger logger, long version, int tools, int resources, int prompts, CatalogChanges changes);
}
