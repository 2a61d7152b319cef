using System.Collections.Frozen;
using ModelContextProtocol.Protocol;

namespace Gateway.Catalog;

/// <summary>
/// An immutable, versioned view of the merged catalog. Entries are sorted by exposed name (tools,
/// prompts) or URI (resources, templates), which makes name-ordered cursors stable.
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.CatalogSnapshot")]
public sealed record CatalogSnapshot(
    long Version,
    IReadOnlyList<CatalogEntry<Tool>> Tools,
    IReadOnlyList<CatalogEntry<Resource>> Resources,
    IReadOnlyList<CatalogEntry<ResourceTemplate>> ResourceTemplates,
    IReadOnlyList<CatalogEntry<Prompt>> Prompts,
    IReadOnlyList<UpstreamCatalog> Upstreams,
    CatalogChanges Changes)
{
    [NonSerialized]
    private FrozenDictionary<string, CatalogEntry<Tool>>? _toolsByName;
    [NonSerialized]
    private FrozenDictionary<string, UpstreamCatalog>? _upstreamsByName;

    public static CatalogSnapshot Empty { get; } = new(0, [], [], [], [], [], CatalogChanges.None);

    public FrozenDictionary<string, CatalogEntry<Tool>> ToolsByName =>
        _toolsByName ??= Tools.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public FrozenDictionary<string, UpstreamCatalog> UpstreamsByName =>
        _upstreamsByName ??= Upstreams.ToFrozenDictionary(u => u.Upstream, StringComparer.Ordinal);
}
