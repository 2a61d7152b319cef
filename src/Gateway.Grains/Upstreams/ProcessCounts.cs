namespace Gateway.Upstreams;

/// <summary>
/// How many processes each stdio upstream runs on this silo, each counted from before it starts
/// until it has stopped, so that a limit checked here holds for what really runs. Not thread-safe:
/// <see cref="UpstreamSessionPool"/> uses it under its lock, in the same step that adds or removes
/// the process's connection.
/// </summary>
internal sealed class ProcessCounts
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Of(string upstream) => _counts.GetValueOrDefault(upstream);

    /// <summary>Counts one more process of the upstream, unless it already runs <paramref name="limit"/>.</summary>
    public bool TryAdd(string upstream, int limit)
    {
        var count = Of(upstream);
        if (count >= limit)
        {
            return false;
        }

        _counts[upstream] = count + 1;
        return true;
    }

    public void Remove(string upstream)
    {
        if (--_counts[upstream] == 0)
        {
            _counts.Remove(upstream);
        }
    }
}
