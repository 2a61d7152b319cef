using System.Collections.Concurrent;
using Gateway.Runtime.Diagnostics;
using Gateway.Runtime.Directory;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Runtime.Catalog;

/// <summary>
/// The table of local activations, one per grain id. An activation is added before it runs, so
/// concurrent first calls agree on one; it removes itself when it terminates.
/// </summary>
internal sealed class ActivationCatalog : IActivationCatalog, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly GrainTypeRegistry _registry;
    private readonly Lazy<IGrainFactory> _grainFactory;
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _stopped;
    private int _disposed;

    public ActivationCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        TimeProvider timeProvider,
        IOptions<GrainRuntimeOptions> options,
        ILogger<ActivationCatalog> logger)
    {
        Services = services;
        _registry = registry;
        TimeProvider = timeProvider;
        Options = options.Value;
        Logger = logger;

        // Lazy: the factory's router depends on this catalog.
        _grainFactory = new(services.GetRequiredService<IGrainFactory>);

        // A cluster registers a directory; each activation then claims its grain there before it runs.
        Directory = services.GetService<IGrainDirectory>();
        if (Directory is not null)
        {
            LocalSilo = SiloAddress.Parse(services.GetRequiredService<SiloIdentity>().Id);
        }
        StoppingToken = _stopping.Token;
    }

    public int ActivationCount => _activations.Count;

    internal IServiceProvider Services { get; }

    internal TimeProvider TimeProvider { get; }

    internal GrainRuntimeOptions Options { get; }

    internal ILogger Logger { get; }

    internal IGrainFactory GrainFactory => _grainFactory.Value;

    /// <summary>The cluster's grain directory; null in a single silo, where the catalog alone keeps one activation per grain.</summary>
    internal IGrainDirectory? Directory { get; }

    /// <summary>This silo's address in the directory; set whenever <see cref="Directory"/> is.</summary>
    internal SiloAddress? LocalSilo { get; }

    /// <summary>Cancelled when the silo starts stopping; given to OnActivateAsync.</summary>
    internal CancellationToken StoppingToken { get; }

    internal ICollection<GrainActivation> Activations => _activations.Values;

    public bool IsActive(GrainId grainId) => _activations.ContainsKey(grainId);

    public IReadOnlyList<GrainId> GetActiveGrainIds() => [.. _activations.Keys];

    public async Task<object?> InvokeAsync(
        GrainId grainId, GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arguments);
        while (true)
        {
            var activation = GetOrAddActivation(grainId);
            try
            {
                return await activation.InvokeAsync(method, arguments, cancellationToken).ConfigureAwait(false);
            }
            catch (ActivationInvalidatedException)
            {
                // Never run on a dead activation and never lose the call: wait until it has left the table, then retry.
                await activation.Terminated.ConfigureAwait(false);
            }
        }
    }

    public async Task<bool> DeactivateAsync(GrainId grainId, DeactivationReason reason = DeactivationReason.Requested)
    {
        if (!_activations.TryGetValue(grainId, out var activation))
        {
            return false;
        }

        await activation.DeactivateAsync(reason).ConfigureAwait(false);
        return true;
    }

    public async Task DeactivateAllAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Repeated because an activation may be added while the previous round runs.
        while (!_activations.IsEmpty)
        {
            var round = _activations.Values.ToArray();
            await Task.WhenAll(round.Select(a => a.DeactivateAsync(reason))).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!_stopped)
            {
                return;
            }
        }
    }

    /// <summary>Refuses new activations and deactivates every activation with <see cref="DeactivationReason.Shutdown"/>.</summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (!_activations.IsEmpty)
        {
            RuntimeLog.DeactivatingAllOnShutdown(Logger, _activations.Count);
        }

        await DeactivateAllAsync(DeactivationReason.Shutdown, cancellationToken).ConfigureAwait(false);
    }

    internal void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    public async ValueTask DisposeAsync()
    {
        // The container may dispose this twice: once as itself, once as IActivationCatalog.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Normally the hosted service has already stopped the catalog; this covers a provider disposed without a host.
        using var timeout = new CancellationTokenSource(Options.DeactivationTimeout);
        try
        {
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private GrainActivation GetOrAddActivation(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (_stopped)
        {
            throw new InvalidOperationException($"The silo is stopping; grain {grainId} cannot be activated.");
        }

        var created = new GrainActivation(grainId, _registry.GetClass(grainId), this);
        var winner = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            created.StartActivation();
        }

        return winner;
    }
}
