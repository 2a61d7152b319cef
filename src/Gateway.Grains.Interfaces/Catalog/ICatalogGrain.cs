namespace Gateway.Catalog;

/// <summary>
/// The merged registry of every upstream's tools, resources, templates and prompts under their
/// qualified names, versioned. Every silo keeps a copy of the snapshot: it subscribes as an
/// observer and, should a push be lost, checks the version now and then.
/// </summary>
[Alias("gw.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    [AlwaysInterleave, Alias("GetSnapshot")]
    Task<CatalogSnapshot> GetSnapshotAsync();

    /// <summary>The current snapshot's version alone: how a silo checks cheaply that its cached copy is current.</summary>
    [AlwaysInterleave, Alias("GetVersion")]
    Task<long> GetVersionAsync();

    /// <summary>Registers (or renews) a silo's copy; a subscription not renewed within a few minutes lapses.</summary>
    [AlwaysInterleave, Alias("Subscribe")]
    Task SubscribeAsync(ICatalogObserver observer);

    [AlwaysInterleave, Alias("Unsubscribe")]
    Task UnsubscribeAsync(ICatalogObserver observer);

    /// <summary>Replaces one upstream's entries; a no-op when nothing changed.</summary>
    [Alias("Publish")]
    Task PublishAsync(UpstreamCatalog catalog);

    [Alias("RemoveUpstream")]
    Task RemoveUpstreamAsync(string upstream);

    /// <summary>Drops every upstream not named (one removed from the configuration while the cluster was down); called at silo start.</summary>
    [Alias("RetainUpstreams")]
    Task RetainUpstreamsAsync(string[] upstreams);
}
