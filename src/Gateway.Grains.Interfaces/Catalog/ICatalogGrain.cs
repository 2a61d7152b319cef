using Gateway.Runtime;

namespace Gateway.Catalog;

/// <summary>
/// The merged registry of every upstream's tools, resources, templates and prompts under their
/// qualified names, versioned. Silos keep a copy of the snapshot and refresh it by version.
/// </summary>
[GrainType("catalog")]
public interface ICatalogGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    [AlwaysInterleave]
    Task<CatalogSnapshot> GetSnapshotAsync();

    /// <summary>The current snapshot's version alone: how a silo checks cheaply that its cached copy is current.</summary>
    [AlwaysInterleave]
    Task<long> GetVersionAsync();

    /// <summary>Replaces one upstream's entries; a no-op when nothing changed.</summary>
    Task PublishAsync(UpstreamCatalog catalog);

    Task RemoveUpstreamAsync(string upstream);

    /// <summary>Drops every upstream not named (one removed from the configuration while the cluster was down); called at silo start.</summary>
    Task RetainUpstreamsAsync(string[] upstreams);
}
