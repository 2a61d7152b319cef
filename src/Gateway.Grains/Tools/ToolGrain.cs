
namespace Gateway.Tools;

/// <summary>
/// Per-tool counters and latency. Samples arrive in one-way batches from each silo's
/// <see cref="ToolStatsRecorder"/>, so the hot path never waits on, nor crosses silos for, them.
/// Counters live as long as the activation (they are operational figures, not business state).
/// </summary>
[CollectionAgeLimit(Minutes = 60)]
public sealed class ToolGrain(TimeProvider time) : Grain, IToolGrain
{
    private readonly LatencyHistogram _latency = new();
    private long _toolErrors;
    private long _failures;
    private DateTimeOffset? _lastCallAt;

    public Task RecordAsync(ToolCallSample[] samples)
    {
        foreach (var sample in samples)
        {
            _latency.Record(sample.Milliseconds);
            switch (sample.Outcome)
            {
                case ToolCallOutcome.ToolError:
                    _toolErrors++;
                    break;
                case ToolCallOutcome.Failure:
                    _failures++;
                    break;
            }
        }

        if (samples.Length > 0)
        {
            _lastCallAt = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public Task<ToolStats> GetStatsAsync() => Task.FromResult(new ToolStats(
        this.GetPrimaryKeyString(),
        _latency.Count,
        _toolErrors,
        _failures,
        _latency.Quantile(0.5),
        _latency.Quantile(0.99),
        _lastCallAt));
}
