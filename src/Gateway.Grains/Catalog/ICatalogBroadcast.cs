namespace Gateway.Catalog;

/// <summary>
/// Tells every silo that the catalog has a new version. On one silo it updates the local cache;
/// the cluster implementation sends the snapshot's version to every silo, which then pulls it.
/// </summary>
public interface ICatalogBroadcast
{
    Task PublishAsync(CatalogSnapshot snapshot, CancellationToken cancellationToken = default);
}
