using Gateway.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Catalog;

/// <summary>
/// Finds activations unused for longer than their collection age and deactivates them. Only calls
/// count as use: timer ticks do not keep a grain alive (as in Orleans).
/// </summary>
internal sealed class ActivationCollector(
    ActivationCatalog catalog, IOptions<GrainRuntimeOptions> options, ILogger<ActivationCollector> logger)
{
    public async Task<int> CollectIdleAsync(CancellationToken cancellationToken)
    {
        var defaultAge = options.Value.CollectionAge;

        // Decide for every activation first, then deactivate: a pass judges all against the same moment.
        var idle = catalog.Activations
            .Where(a => !a.GrainClass.AlwaysActive && a.IsIdleLongerThan(a.GrainClass.CollectionAge ?? defaultAge))
            .ToList();
        if (idle.Count == 0)
        {
            return 0;
        }

        await Task.WhenAll(idle.Select(a => a.DeactivateAsync(DeactivationReason.Idle)))
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        RuntimeLog.IdleActivationsCollected(logger, idle.Count);
        return idle.Count;
    }
}
