namespace Gateway.Runtime.Catalog;

/// <summary>
/// Counts the interleaving calls and timer ticks running on an activation, which do not hold its
/// turn, so that deactivation can refuse new ones and wait for those still running.
/// </summary>
internal sealed class InterleavedWork
{
    private readonly Lock _gate = new();
    private int _running;
    private bool _closed;
    private TaskCompletionSource? _drained;

    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    public void Exit()
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (--_running == 0)
            {
                drained = _drained;
                _drained = null;
            }
        }

        drained?.TrySetResult();
    }

    /// <summary>Refuses new work; completes when the work already running has finished.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closed = true;
            return _running == 0
                ? Task.CompletedTask
                : (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
