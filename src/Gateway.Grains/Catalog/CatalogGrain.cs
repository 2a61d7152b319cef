using System.Text.Json;
using Gateway.Protocol;
using Gateway.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Catalog;

/// <summary>
/// The cluster's one merged registry. Upstream grains publish their catalogs here; every change
/// makes a new snapshot with a higher version, which is broadcast to the silos' caches. The
/// upstreams' catalogs and the version are persisted, so that a re-activation on another silo
/// (its silo left or died) goes on from the same catalog and never hands out a lower version.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class CatalogGrain(
    [PersistentState("catalog")] IPersistentState<CatalogGrainState> stored,
    ICatalogBroadcast broadcast,
    IOptions<CatalogOptions> options,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly Dictionary<string, UpstreamCatalog> _upstreams = new(StringComparer.Ordinal);
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

    public async Task PublishAsync(UpstreamCatalog catalog)
    {
        _upstreams.TryGetValue(catalog.Upstream, out var previous);
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
        stored.State.Version = _snapshot.Version;
        stored.State.Upstreams = [.. _upstreams.Values];
        await stored.WriteStateAsync();
        LogVersion(logger, _snapshot.Version, _snapshot.Tools.Count, _snapshot.Resources.Count, _snapshot.Prompts.Count, changes);
        await broadcast.PublishAsync(_snapshot);
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
