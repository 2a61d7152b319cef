using System.Diagnostics;

namespace Gateway.LoadRunner;

/// <summary>
/// The run's timeline in <see cref="Stopwatch"/> timestamps: warmup from <see cref="Start"/>, then the measured
/// window [<see cref="MeasureStart"/>, <see cref="MeasureEnd"/>).
/// </summary>
public sealed record RunWindow(long Start, long MeasureStart, long MeasureEnd)
{
    public static RunWindow StartingNow(TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + ToTimestampTicks(warmup);
        return new RunWindow(start, measureStart, measureStart + ToTimestampTicks(duration));
    }

    /// <summary>A call counts only if it both started and finished inside the measured window.</summary>
    public bool IsMeasured(long callStart, long callEnd) => callStart >= MeasureStart && callEnd <= MeasureEnd;

    public TimeSpan RemainingUntil(long timestamp) => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
