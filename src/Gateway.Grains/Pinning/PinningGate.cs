using Gateway.Catalog;

namespace Gateway.Pinning;

/// <summary>
/// One upstream's catalog on its way to the catalog grain: its tools' fingerprints are computed
/// once per catalog read, judged by the pins grain, and the tools it holds are left out, so a
/// held definition reaches neither the merged catalog, nor any silo's snapshot, nor the upstream's
/// own endpoint. Pinning off: the catalog passes as read.
/// </summary>
public sealed class PinningGate(IGrainFactory grains, bool enabled)
{
    private UpstreamCatalog? _read;
    private IReadOnlyList<ToolFingerprint> _fingerprints = [];

    /// <summary>How many tools of the last catalog passed are held.</summary>
    public int Held { get; private set; }

    public async Task<UpstreamCatalog> PassAsync(UpstreamCatalog read)
    {
        if (!enabled)
        {
            return read;
        }

        if (!ReferenceEquals(read, _read))
        {
            _fingerprints = [.. read.Tools.Select(ToolFingerprints.Of)];
            _read = read;
        }

        var verdict = await grains.GetGrain<IToolPinsGrain>(IToolPinsGrain.ClusterKey).ReviewAsync(read.Upstream, _fingerprints);
        Held = verdict.Held.Count;
        if (verdict.Held.Count == 0)
        {
            return read;
        }

        var held = verdict.Held.ToHashSet(StringComparer.Ordinal);
        return read with { Tools = [.. read.Tools.Where(t => !held.Contains(t.Name))] };
    }
}
