namespace Gateway.Catalog;

/// <summary>
/// Tells every silo that the catalog has a new version. On one silo it updates the local cache;
/// the cluster implementation also sends the snapshot to every other Active silo.
/// </summary>
public interface ICatalogBroadcast
{
    Task PublishAsync(CatalogSnapshot snapshot, CancellationToken cancellationToken = default);
}
