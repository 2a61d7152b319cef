namespace Gateway.Catalog;

/// <summary>What the catalog grain keeps across activations: every upstream's last catalog and the version they merged into.</summary>
[GenerateSerializer, Alias("gw.CatalogGrainState")]
public sealed record CatalogGrainState
{
    [Id(0)]
    public long Version { get; init; }

    [Id(1)]
    public List<UpstreamCatalog> Upstreams { get; init; } = [];
}
