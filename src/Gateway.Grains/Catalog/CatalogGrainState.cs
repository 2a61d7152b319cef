namespace Gateway.Catalog;

/// <summary>What the catalog grain keeps across activations: every upstream's last catalog and the version they merged into.</summary>
public sealed class CatalogGrainState
{
    public long Version { get; set; }

    public List<UpstreamCatalog> Upstreams { get; set; } = [];
}
