using Gateway.Catalog;
using Gateway.Cluster;
using Gateway.Runtime;
using Gateway.Runtime.Membership;

namespace Gateway.Silo.Clustering;

/// <summary>
/// Keeps every silo's catalog cache current. The catalog grain's new snapshot is installed here
/// and sent to every other Active silo without holding up the grain's turn; a silo that missed one
/// (it was unreachable, or still joining) re-reads the snapshot from the grain whenever the
/// membership view changes.
/// </summary>
public sealed partial class ClusterCatalogBroadcast(
    CatalogCache cache, ClusterMessenger messenger, IMembershipViewSource views, SiloIdentity silo, ILogger<ClusterCatalogBroadcast> logger)
    : ICatalogBroadcast, IHostedService
{
    public const string MessageName = "catalog";

    public async Task PublishAsync(CatalogSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        await cache.PublishAsync(snapshot, cancellationToken);
        foreach (var entry in views.CurrentView.ActiveSilos)
        {
            if (entry.Silo.ToString() != silo.Id)
            {
                _ = SendAsync(entry.Silo, snapshot);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        views.ViewChanged += OnViewChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        views.ViewChanged -= OnViewChanged;
        return Task.CompletedTask;
    }

    private async Task SendAsync(SiloAddress target, CatalogSnapshot snapshot)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await messenger.SendAsync(target, MessageName, snapshot, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogSendFailed(logger, snapshot.Version, target, ex.Message);
        }
    }

    private void OnViewChanged(object? sender, MembershipView view) => _ = RefreshAsync();

    private async Task RefreshAsync()
    {
        try
        {
            await cache.RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRefreshFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1611, Level = LogLevel.Warning, Message = "Catalog version {Version} did not reach silo {Silo}: {Reason}; it catches up at its next view change")]
    private static partial void LogSendFailed(ILogger logger, long version, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Re-reading the catalog after a membership change failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
