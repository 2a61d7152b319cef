using System.Runtime.ExceptionServices;
using Gateway.Runtime.Diagnostics;
using Gateway.Runtime.Directory;
using Gateway.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Catalog;

/// <summary>
/// One activation of one grain. All of its code (activation, calls, timer ticks, deactivation)
/// runs on its own exclusive <see cref="ActivationTaskScheduler"/>, so never two pieces at once;
/// a non-interleaving call, a timer tick, activation and deactivation also hold its
/// <see cref="TurnQueue"/> until they complete, so they never interleave at await points either.
/// </summary>
internal sealed class GrainActivation : IGrainContext
{
    private const int Activating = 0;
    private const int Valid = 1;
    private const int Deactivating = 2;
    private const int Invalid = 3;

    private readonly ActivationCatalog _catalog;

    // Created held: the activation turn comes first, so calls that find this activation queue behind it.
    private readonly TurnQueue _turns = new(held: true);
    private readonly TaskCompletionSource _activated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InterleavedWork _interleaved = new();
    private readonly ActivationTimers _timers;
    private int _status;
    private int _deactivationStarted;
    private int _callsInFlight;
    private long _lastUsed;
    private AsyncServiceScope? _scope;
    private IActivationTarget? _grain;
    private ExceptionDispatchInfo? _activationFailure;
    private GrainAddress? _registration;

    public GrainActivation(GrainId grainId, GrainClassInfo grainClass, ActivationCatalog catalog)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        _catalog = catalog;
        Scheduler = new ActivationTaskScheduler();
        _timers = new ActivationTimers(grainId);
        _lastUsed = catalog.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public GrainClassInfo GrainClass { get; }

    public ActivationTaskScheduler Scheduler { get; }

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    /// <summary>Completes once the activation is gone from the catalog, deactivated or failed.</summary>
    public Task Terminated => _terminated.Task;

    private int Status => Volatile.Read(ref _status);

    /// <summary>Runs the activation turn. Called once, by whoever added this activation to the catalog.</summary>
    public void StartActivation() => _ = RunOnSchedulerAsync(ActivateAsync);

    public async Task<object?> InvokeAsync(GrainMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _callsInFlight);
        try
        {
            var interleave = method.AlwaysInterleave;
            if (interleave)
            {
                if (!await TryEnterInterleavedAsync().ConfigureAwait(false))
                {
                    ThrowUnavailable();
                }
            }
            else
            {
                await _turns.AcquireAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (Status != Valid)
                {
                    _turns.Release();
                    ThrowUnavailable();
                }
            }

            try
            {
                var grain = _grain!;

                // A one-way caller must not wait even for the synchronous part of the method.
                return await Scheduler.Run(() => method.Invoker(grain, arguments), allowInline: !method.OneWay)
                    .ConfigureAwait(false);
            }
            finally
            {
                ExitTurn(interleave);
            }
        }
        finally
        {
            Volatile.Write(ref _lastUsed, _catalog.TimeProvider.GetTimestamp());
            Interlocked.Decrement(ref _callsInFlight);
        }
    }

    /// <summary>
    /// Starts deactivation (once; later requests share the first) and returns when the activation is
    /// gone. It waits for the running turn; <paramref name="first"/> lets it pass calls already queued,
    /// which then retry on a new activation.
    /// </summary>
    public Task DeactivateAsync(DeactivationReason reason, bool first = false)
    {
        if (Interlocked.Exchange(ref _deactivationStarted, 1) == 0)
        {
            _ = DeactivateCoreAsync(reason, first);
        }

        return _terminated.Task;
    }

    /// <summary>True when valid, no call is running or queued, and the last call ended longer than <paramref name="age"/> ago.</summary>
    public bool IsIdleLongerThan(TimeSpan age) =>
        Status == Valid &&
        Volatile.Read(ref _callsInFlight) == 0 &&
        _catalog.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastUsed)) > age;

    public void DeactivateOnIdle() => _ = DeactivateAsync(DeactivationReason.Requested, first: true);

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        var timer = new GrainTimer(this, callback, options);
        _timers.Add(timer);

        // Started only once registered: a fake clock may fire a due timer inside CreateTimer.
        timer.Start(_catalog.TimeProvider);
        return timer;
    }

    /// <summary>One tick of a timer: a turn unless the timer interleaves; skipped once the activation is gone.</summary>
    public async Task RunTimerTickAsync(GrainTimer timer)
    {
        if (timer.Interleave)
        {
            if (!await TryEnterInterleavedAsync().ConfigureAwait(false))
            {
                return;
            }
        }
        else
        {
            await _turns.AcquireAsync().ConfigureAwait(false);
            if (Status != Valid)
            {
                _turns.Release();
                return;
            }
        }

        try
        {
            if (!timer.IsDisposed)
            {
                await RunOnSchedulerAsync(timer.InvokeCallbackAsync).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timer.IsDisposed)
        {
        }
        catch (Exception exception)
        {
            RuntimeLog.TimerTickFailed(_catalog.Logger, GrainId, exception);
        }
        finally
        {
            ExitTurn(timer.Interleave);
        }
    }

    public void OnTimerDisposed(GrainTimer timer) => _timers.Remove(timer);

    public override string ToString() => $"Activation of {GrainId}";

    // Runs on the activation's scheduler: awaits here stay on it, so Bind and OnActivateAsync do too.
    private async Task ActivateAsync()
    {
        try
        {
            await ClaimInDirectoryAsync();
            var scope = _catalog.Services.CreateAsyncScope();
            _scope = scope;
            var (grain, states) = GrainClass.Create(scope.ServiceProvider, GrainId);
            _grain = grain;
            foreach (var state in states)
            {
                await state.ReadStateAsync(_catalog.StoppingToken);
            }

            grain.Bind(this);
            await grain.OnActivateAsync(_catalog.StoppingToken);
            Volatile.Write(ref _status, Valid);

            RuntimeLog.Activated(_catalog.Logger, GrainId);
        }
        catch (GrainActivationElsewhereException elsewhere)
        {
            RuntimeLog.ActiveElsewhere(_catalog.Logger, GrainId, elsewhere.Owner);
            _activationFailure = ExceptionDispatchInfo.Capture(elsewhere);
            await TerminateAsync();
        }
        catch (Exception exception)
        {
            RuntimeLog.ActivationFailed(_catalog.Logger, GrainId, exception);
            _activationFailure = ExceptionDispatchInfo.Capture(exception);
            await TerminateAsync();
        }
        finally
        {
            _activated.TrySetResult();
            _turns.Release();
        }
    }

    // Fencing: in a cluster no grain code runs until this activation holds the grain's directory entry.
    private async Task ClaimInDirectoryAsync()
    {
        if (_catalog.Directory is not { } directory)
        {
            return;
        }

        var mine = new GrainAddress(GrainId, _catalog.LocalSilo!, Guid.NewGuid().ToString("N"));
        var holder = await directory.RegisterAsync(mine, _catalog.StoppingToken);
        if (holder != mine)
        {
            throw new GrainActivationElsewhereException(GrainId, holder.Silo);
        }

        _registration = mine;
    }

    private async Task DeactivateCoreAsync(DeactivationReason reason, bool first)
    {
        await _turns.AcquireAsync(first).ConfigureAwait(false);
        try
        {
            // Not valid here means the activation failed and has already terminated.
            if (Status != Valid)
            {
                return;
            }

            Volatile.Write(ref _status, Deactivating);
            await _interleaved.CloseAsync().ConfigureAwait(false);
            _timers.DisposeAll();
            await CallOnDeactivateAsync(reason).ConfigureAwait(false);
            await TerminateAsync().ConfigureAwait(false);
            RuntimeLog.Deactivated(_catalog.Logger, GrainId, reason);
        }
        finally
        {
            _turns.Release();
        }
    }

    private async Task CallOnDeactivateAsync(DeactivationReason reason)
    {
        var timeout = _catalog.Options.DeactivationTimeout;
        var timeoutSource = new CancellationTokenSource(timeout, _catalog.TimeProvider);
        var grain = _grain!;
        var onDeactivate = RunOnSchedulerAsync(() => grain.OnDeactivateAsync(reason, timeoutSource.Token));
        try
        {
            await onDeactivate.WaitAsync(timeout, _catalog.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!onDeactivate.IsCompleted)
        {
            RuntimeLog.DeactivationTimedOut(_catalog.Logger, GrainId, reason, timeout);
        }
        catch (Exception exception)
        {
            RuntimeLog.DeactivationFailed(_catalog.Logger, GrainId, reason, exception);
        }

        // Grain code that overran the timeout may still hold the token: leave that source to the GC.
        if (onDeactivate.IsCompleted)
        {
            timeoutSource.Dispose();
        }
    }

    private async Task TerminateAsync()
    {
        Volatile.Write(ref _status, Invalid);
        _ = _interleaved.CloseAsync();
        _timers.DisposeAll();
        _catalog.Remove(this);
        if (_scope is { } scope)
        {
            try
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RuntimeLog.ScopeDisposeFailed(_catalog.Logger, GrainId, exception);
            }
        }

        if (_registration is { } registration && _catalog.Directory is { } directory)
        {
            // After leaving the catalog: a new local activation may already have taken the entry over,
            // and removing by activation id leaves that one alone.
            try
            {
                await directory.UnregisterAsync(registration, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                RuntimeLog.UnregisterFailed(_catalog.Logger, GrainId, exception);
            }
        }

        _terminated.TrySetResult();
    }

    private async ValueTask<bool> TryEnterInterleavedAsync()
    {
        if (!_activated.Task.IsCompleted)
        {
            await _activated.Task.ConfigureAwait(false);
        }

        // The status check spares a doomed call the wait; CloseAsync makes the refusal race-free.
        return Status == Valid && _interleaved.TryEnter();
    }

    private void ExitTurn(bool interleaved)
    {
        if (interleaved)
        {
            _interleaved.Exit();
        }
        else
        {
            _turns.Release();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowUnavailable()
    {
        _activationFailure?.Throw();
        throw new ActivationInvalidatedException(GrainId);
    }

    private Task RunOnSchedulerAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();
}
