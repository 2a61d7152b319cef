using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tools;

/// <summary>
/// This silo's outbox of tool call samples. A session records each finished tools/call here (no
/// grain call on the hot path); every <see cref="FlushInterval"/> the samples go to each tool's
/// grain as one one-way batch, so a busy tool costs its grain a call per silo per quarter second
/// rather than one per call, and the counters read through any silo lag by that much at most. The
/// interval runs on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ToolStatsRecorder(IGrainFactory grains, TimeProvider time) : IHostedService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Record(string tool, ToolCallSample sample) =>
        (_pending.TryGetValue(tool, out var pending) ? pending : _pending.GetOrAdd(tool, t => new Pending(grains.GetGrain<IToolGrain>(t)))).Samples.Enqueue(sample);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Flush();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Flush()
    {
        foreach (var pending in _pending.Values)
        {
            if (pending.Samples.IsEmpty)
            {
                continue;
            }

            var batch = new List<ToolCallSample>(pending.Samples.Count);
            while (pending.Samples.TryDequeue(out var sample))
            {
                batch.Add(sample);
            }

            // One-way: returns at once; the runtime logs a batch that could not be delivered.
            _ = pending.Grain.RecordAsync([.. batch]);
        }
    }

    /// <summary>A tool's samples not yet sent, and its grain, whose reference is made once.</summary>
    private sealed record Pending(IToolGrain Grain)
    {
        public ConcurrentQueue<ToolCallSample> Samples { get; } = new();
    }
}
