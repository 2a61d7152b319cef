namespace Gateway.Runtime.Timers;

/// <summary>The timers of one activation: all disposed together when it ends, and none added after.</summary>
internal sealed class ActivationTimers(GrainId owner)
{
    private readonly Lock _gate = new();
    private readonly List<GrainTimer> _timers = [];
    private bool _closed;

    public void Add(GrainTimer timer)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException($"Grain {owner} is deactivating; it cannot register timers.");
            }

            _timers.Add(timer);
        }
    }

    public void Remove(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    public void DisposeAll()
    {
        GrainTimer[] timers;
        lock (_gate)
        {
            _closed = true;
            timers = [.. _timers];
            _timers.Clear();
        }

        // Outside the lock: disposing a timer removes it from this list.
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
