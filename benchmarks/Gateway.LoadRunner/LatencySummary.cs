using System.Diagnostics;

namespace Gateway.LoadRunner;

/// <summary>Percentiles over every session's calls, in milliseconds (nearest-rank method).</summary>
public sealed record LatencySummary(long Calls, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary From(IEnumerable<IReadOnlyList<long>> perSessionTicks)
    {
        var all = perSessionTicks.SelectMany(ticks => ticks).ToArray();
        if (all.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        Array.Sort(all);
        return new LatencySummary(all.Length, Percentile(all, 50), Percentile(all, 90), Percentile(all, 99), ToMs(all[^1]));
    }

    /// <summary>The smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    public static double Percentile(long[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return ToMs(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
