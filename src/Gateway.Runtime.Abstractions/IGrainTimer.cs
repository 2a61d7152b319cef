namespace Gateway.Runtime;

/// <summary>A timer owned by an activation; disposed automatically when the activation ends.</summary>
public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Interval between ticks; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
/// <param name="Interleave">When true, a tick may run while a call awaits (never in parallel).</param>
public sealed record GrainTimerOptions(TimeSpan DueTime, TimeSpan Period, bool Interleave = false);
