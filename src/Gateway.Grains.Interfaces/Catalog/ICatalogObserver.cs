namespace Gateway.Catalog;

/// <summary>A silo's copy of the catalog, subscribed to the catalog grain so every new snapshot reaches it at once.</summary>
[Alias("gw.ICatalogObserver")]
public interface ICatalogObserver : IGrainObserver
{
    [OneWay, Alias("Snapshot")]
    Task OnSnapshotAsync(CatalogSnapshot snapshot);
}
