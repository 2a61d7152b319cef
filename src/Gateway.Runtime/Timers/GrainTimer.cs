using Gateway.Runtime.Catalog;

namespace Gateway.Runtime.Timers;

/// <summary>
/// A grain timer over <see cref="TimeProvider.CreateTimer"/>. Each tick is a turn of its activation
/// (unless it interleaves). Ticks that come while the callback still runs collapse into one that
/// runs right after it, like <see cref="PeriodicTimer"/>: slow callbacks never pile up and a tick
/// is never lost. Disposed with its activation.
/// </summary>
internal sealed class GrainTimer(
    GrainActivation activation, Func<CancellationToken, Task> callback, GrainTimerOptions options) : IGrainTimer
{
    // Tick states: no callback running; one running; one running and another tick arrived meanwhile.
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningWithTickPending = 2;

    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private volatile bool _isDisposed;
    private int _tickState;

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

            // Armed under the lock so that a concurrent Dispose cannot come between. A fake clock may
            // tick inside Change; the tick path takes no lock.
            timer.Change(options.DueTime, options.Period);
        }
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
        while (!IsDisposed)
        {
            var state = Volatile.Read(ref _tickState);
            var next = state == Idle ? Running : RunningWithTickPending;
            if (Interlocked.CompareExchange(ref _tickState, next, state) == state)
            {
                if (state == Idle)
                {
                    _ = RunTicksAsync();
                }

                return;
            }
        }
    }

    private async Task RunTicksAsync()
    {
        while (true)
        {
            // Never throws: the activation logs callback failures.
            await activation.RunTimerTickAsync(this).ConfigureAwait(false);
            if (Interlocked.CompareExchange(ref _tickState, Idle, Running) == Running)
            {
                return;
            }

            // Ticks came while the callback ran: run once more for all of them.
            Volatile.Write(ref _tickState, IsDisposed ? Idle : Running);
            if (IsDisposed)
            {
                return;
            }
        }
    }
}
