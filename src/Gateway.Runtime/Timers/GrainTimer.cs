using Gateway.Runtime.Catalog;

namespace Gateway.Runtime.Timers;

/// <summary>
/// A grain timer over <see cref="TimeProvider.CreateTimer"/>. Each tick is a turn of its activation
/// (unless it interleaves); a tick that comes while the previous one still runs is skipped, so
/// slow callbacks never pile up. Disposed with its activation.
/// </summary>
internal sealed class GrainTimer(
    GrainActivation activation, Func<CancellationToken, Task> callback, GrainTimerOptions options) : IGrainTimer
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private volatile bool _isDisposed;
    private int _ticking;

    public bool Interleave => options.Interleave;

    public bool IsDisposed => _isDisposed;

    public void Start(TimeProvider timeProvider)
    {
        var timer = timeProvider.CreateTimer(
            static state => ((GrainTimer)state!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (IsDisposed)
            {
                timer.Dispose();
                return;
            }

            _timer = timer;
        }

        timer.Change(options.DueTime, options.Period);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _timer?.Change(dueTime, period);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (IsDisposed)
            {
                return;
            }

            _isDisposed = true;
            _timer?.Dispose();
        }

        // Outside the lock: cancellation runs callbacks that grain code registered on the token.
        _disposed.Cancel();

        activation.OnTimerDisposed(this);
    }

    /// <summary>Runs the callback; called by the activation inside the tick's turn.</summary>
    public Task InvokeCallbackAsync() => callback(_disposed.Token);

    private void OnTick()
    {
        if (IsDisposed || Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        try
        {
            await activation.RunTimerTickAsync(this).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
