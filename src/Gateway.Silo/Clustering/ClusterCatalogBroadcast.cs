using Gateway.Catalog;
using Gateway.Cluster;
using Gateway.Runtime;
using Gateway.Runtime.Membership;

namespace Gateway.Silo.Clustering;

/// <summary>
/// Keeps every silo's catalog cache current. The catalog grain's new snapshot is installed here
/// and sent to every other Active silo without holding up the grain's turn. A silo that missed one
/// (it was unreachable, or still joining) catches up when the membership view changes and, at the
/// latest, at its next version check (every <see cref="CheckInterval"/>: one small grain call that
/// fetches the snapshot only when it is newer).
/// </summary>
public sealed partial class ClusterCatalogBroadcast(
    CatalogCache cache, ClusterMessenger messenger, IMembershipViewSource views, SiloIdentity silo, ILogger<ClusterCatalogBroadcast> logger)
    : ICatalogBroadcast, IHostedService
{
    public const string MessageName = "catalog";

    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task _checks = Task.CompletedTask;

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
        _checks = CheckPeriodicallyAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        views.ViewChanged -= OnViewChanged;
        await _stopping.CancelAsync();
        await _checks.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task CheckPeriodicallyAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                // Only once this silo is in the cluster: before that the catalog may not be reachable yet.
                if (views.CurrentView.ActiveSilos.Any(entry => entry.Silo.ToString() == silo.Id))
                {
                    await RefreshAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
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
