namespace Gateway.Tools;

/// <summary>
/// Latencies in log-spaced buckets (each 10% wider than the last, from 0.05 ms to about 20 min),
/// so percentiles cost constant memory and are accurate to within one bucket's width.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Smallest = 0.05;
    private const double Growth = 1.1;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[180];
    private long _total;

    public long Count => _total;

    public void Record(double milliseconds)
    {
        var index = milliseconds <= Smallest ? 0 : (int)Math.Ceiling(Math.Log(milliseconds / Smallest) / LogGrowth);
        _counts[Math.Clamp(index, 0, _counts.Length - 1)]++;
        _total++;
    }

    /// <summary>The upper bound of the bucket holding the given quantile (0..1); 0 when empty.</summary>
    public double Quantile(double quantile)
    {
        if (_total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * _total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Smallest * Math.Pow(Growth, i);
            }
        }

        return Smallest * Math.Pow(Growth, _counts.Length - 1);
    }
}
