namespace Gateway.Upstreams;

/// <summary>
/// When <see cref="UpstreamSessionPool"/> looks for idle connections: every half of the shortest
/// idle limit it has held (between 0.5 s and 1 min), so that nothing is closed much later than its
/// limit says, and a pool of long limits costs one look a minute.
/// </summary>
internal sealed class SweepSchedule(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private TimeSpan _period = Longest;
    private ITimer? _timer;

    public void Start(Func<Task> sweep)
    {
        lock (_gate)
        {
            _timer = time.CreateTimer(_ => _ = sweep(), null, _period, _period);
        }
    }

    /// <summary>Makes the sweep come often enough for a connection with this idle limit.</summary>
    public void Cover(TimeSpan idleLimit)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(idleLimit.Ticks / 2, Shortest.Ticks, Longest.Ticks));
        lock (_gate)
        {
            if (period < _period)
            {
                _period = period;
                _timer?.Change(period, period);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
        }
    }
}
