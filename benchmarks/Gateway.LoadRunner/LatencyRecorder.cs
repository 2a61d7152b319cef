namespace Gateway.LoadRunner;

/// <summary>
/// One session's measurements. Each session owns its recorder, so recording takes no lock; recorders are
/// merged once the run is over.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly List<long> _ticks = new(capacity: 4096);

    /// <summary>Latency of every measured call, successful or not, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public IReadOnlyList<long> Ticks => _ticks;

    public int Errors { get; private set; }

    public void Record(long elapsedTicks, bool succeeded)
    {
        _ticks.Add(elapsedTicks);
        if (!succeeded)
        {
            Errors++;
        }
    }
}
