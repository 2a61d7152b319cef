using Gateway.Runtime;

namespace Gateway.Tools;

/// <summary>
/// Per-tool counters and latency. Recording is one-way, so the hot path never waits on it.
/// Counters live as long as the activation (they are operational figures, not business state).
/// </summary>
[CollectionAgeLimit(Minutes = 60)]
public sealed class ToolGrain(TimeProvider time) : Grain, IToolGrain
{
    private readonly LatencyHistogram _latency = new();
    private long _toolErrors;
    private long _failures;
    private DateTimeOffset? _lastCallAt;

    public Task RecordAsync(ToolCallSample sample)
    {
        _latency.Record(sample.Milliseconds);
        _lastCallAt = time.GetUtcNow();
        switch (sample.Outcome)
        {
            case ToolCallOutcome.ToolError:
                _toolErrors++;
                break;
            case ToolCallOutcome.Failure:
                _failures++;
                break;
        }

        return Task.CompletedTask;
    }

    public Task<ToolStats> GetStatsAsync() => Task.FromResult(new ToolStats(
        GetPrimaryKeyString(),
        _latency.Count,
        _toolErrors,
        _failures,
        _latency.Quantile(0.5),
        _latency.Quantile(0.99),
        _lastCallAt));
}
