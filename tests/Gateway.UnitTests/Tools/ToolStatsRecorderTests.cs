using Gateway.Tools;
using Gateway.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Tools;

/// <summary>Tool call samples leave the silo as one batch per tool per flush interval, on a fake clock.</summary>
public sealed class ToolStatsRecorderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeToolGrains _grains = new();
    private readonly ToolStatsRecorder _recorder;
    private bool _stopped;

    public ToolStatsRecorderTests()
    {
        _recorder = new ToolStatsRecorder(new FakeGrainFactory().With(_grains.For), _time);
    }

    [Fact]
    public async Task Samples_GoToTheirToolAsOneBatch_WhenTheFlushIntervalHasPassed()
    {
        _recorder.Record("a__echo", Sample(1));
        _recorder.Record("a__echo", Sample(2));
        _time.Advance(ToolStatsRecorder.FlushInterval - TimeSpan.FromMilliseconds(1));
        _recorder.Record("a__echo", Sample(3));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var (tool, samples) = await _grains.Batches.NextAsync("the first batch");

        // Had anything been sent before the interval was up, the first batch would lack the third sample.
        Assert.Equal("a__echo", tool);
        Assert.Equal([1.0, 2.0, 3.0], samples.Select(s => s.Milliseconds));
    }

    [Fact]
    public async Task EachTool_GetsItsOwnBatch_WithOnlyItsSamples()
    {
        _recorder.Record("a__echo", Sample(1));
        _recorder.Record("b__add", Sample(2, ToolCallOutcome.ToolError));
        _recorder.Record("a__echo", Sample(3, ToolCallOutcome.Failure));

        _time.Advance(ToolStatsRecorder.FlushInterval);
        var batches = new[] { await _grains.Batches.NextAsync("one batch"), await _grains.Batches.NextAsync("the other batch") }
            .ToDictionary(b => b.Tool, b => b.Samples);

        Assert.Equal(["a__echo", "b__add"], batches.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([Sample(1), Sample(3, ToolCallOutcome.Failure)], batches["a__echo"]);
        Assert.Equal([Sample(2, ToolCallOutcome.ToolError)], batches["b__add"]);
    }

    [Fact]
    public async Task AToolWithNothingNew_GetsNoBatch()
    {
        _recorder.Record("a__echo", Sample(1));
        _time.Advance(ToolStatsRecorder.FlushInterval);
        await _grains.Batches.NextAsync("the first batch");

        // Only b has new samples from here on; a stays quiet.
        _recorder.Record("b__add", Sample(2));
        _time.Advance(ToolStatsRecorder.FlushInterval);
        var received = new List<string> { Describe(await _grains.Batches.NextAsync("the second flush's batch")) };
        _recorder.Record("b__add", Sample(3));
        _time.Advance(ToolStatsRecorder.FlushInterval);
        while (!received[^1].EndsWith("3", StringComparison.Ordinal))
        {
            received.Add(Describe(await _grains.Batches.NextAsync("the third flush's batch")));
        }

        // Flushes run one after the other, so an empty batch for a from the second flush would be listed here.
        Assert.Equal(["b__add: 2", "b__add: 3"], received);
    }

    [Fact]
    public async Task Stopping_SendsWhatIsPending_WithoutWaitingForTheInterval()
    {
        _recorder.Record("a__echo", Sample(1));

        await StopAsync();

        var (tool, samples) = await _grains.Batches.NextAsync("the batch sent on stop");
        Assert.Equal("a__echo", tool);
        Assert.Equal([Sample(1)], samples);
    }

    public Task InitializeAsync() => _recorder.StartAsync(CancellationToken.None);

    public Task DisposeAsync() => StopAsync();

    private static string Describe((string Tool, ToolCallSample[] Samples) batch) =>
        $"{batch.Tool}: {string.Join(", ", batch.Samples.Select(s => s.Milliseconds))}";

    private static ToolCallSample Sample(double milliseconds, ToolCallOutcome outcome = ToolCallOutcome.Success) => new(milliseconds, outcome);

    private async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _recorder.StopAsync(CancellationToken.None);
        }
    }
}
