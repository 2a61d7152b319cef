using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Cluster;

/// <summary>
/// Ties this silo's membership to the host's life. The membership agent joins as Joining when the
/// host starts (so start-up work already sees the other silos) and turns Active only once every
/// hosted service has started, which includes the server behind the cluster port: no silo is
/// ever sent a call before something listens for it. On stopping it marks the silo ShuttingDown
/// first, so placement moves new activations elsewhere while this silo's grains deactivate; the
/// agent itself leaves (Dead) after the grain runtime has stopped. A silo the cluster declared
/// Dead stops its host: its grains already live on the survivors.
/// </summary>
internal sealed class ClusterLifecycle(
    MembershipAgent membership,
    IActivationCatalog catalog,
    IOptions<MembershipOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterLifecycle> logger,
    Gateway.Runtime.Directory.IGrainDirectory? directory = null)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        membership.DeclaredDead += OnDeclaredDead;
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await membership.ActivateAsync(cancellationToken).ConfigureAwait(false);
        if (directory is null)
        {
            return;
        }

        try
        {
            var removed = await directory.RemoveEntriesOfDeadSilosAsync(cancellationToken).ConfigureAwait(false);
            if (removed > 0)
            {
                ClusterLog.RemovedDeadEntries(logger, removed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only housekeeping: a claim takes such an entry over anyway.
            ClusterLog.RemovingDeadEntriesFailed(logger, ex);
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (membership.IsDeclaredDead)
        {
            return;
        }

        try
        {
            await membership.BeginShutdownAsync(cancellationToken).ConfigureAwait(false);

            // The others stop placing grains here at their next table read; then this silo hands its
            // grains off (each writes its state and leaves the directory) while its port still
            // answers, so no caller finds it closed with grains still registered here.
            await Task.Delay(options.Value.TableRefreshInterval, cancellationToken).ConfigureAwait(false);
            await catalog.DeactivateAllAsync(DeactivationReason.Shutdown, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClusterLog.BeginShutdownFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        membership.DeclaredDead -= OnDeclaredDead;
        return Task.CompletedTask;
    }

    private void OnDeclaredDead(object? sender, EventArgs e)
    {
        ClusterLog.StoppingDeclaredDead(logger);
        lifetime.StopApplication();
    }
}
