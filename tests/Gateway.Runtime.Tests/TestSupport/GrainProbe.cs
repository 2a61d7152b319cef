using System.Collections.Concurrent;

namespace Gateway.Runtime.Tests.TestSupport;

/// <summary>
/// A singleton that test grains report to and wait on: an ordered event log, one-shot signals per
/// event, gates that tests open, and overlap counters that catch two pieces of grain code running at once.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private int _running;
    private int _maxRunning;

    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>The most pieces of probed grain code ever seen running at the same moment.</summary>
    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    public void Record(string @event)
    {
        _events.Enqueue(@event);
        Signal(@event).TrySetResult();
    }

    /// <summary>Completes when <paramref name="event"/> has been recorded (before or after this call).</summary>
    public Task WaitForAsync(string @event) => Signal(@event).Task.Within();

    /// <summary>What grain code awaits; completes when the test calls <see cref="Open"/>.</summary>
    public Task Gate(string name) => GateSource(name).Task;

    /// <summary>Creates a gate before any grain code asks for it, so that code can check <see cref="HasGate"/>.</summary>
    public void CreateGate(string name) => GateSource(name);

    public void Open(string name) => GateSource(name).TrySetResult();

    public bool HasGate(string name) => _gates.ContainsKey(name);

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, static (_, n) => n + 1);

    public int Count(string counter) => _counters.GetValueOrDefault(counter);

    /// <summary>A stretch of grain code with no await in it: counts how many such stretches overlap.</summary>
    public void RunExclusiveSection()
    {
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) &&
               Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }

        // Long enough that a second thread running the same activation would be caught inside.
        Thread.SpinWait(2_000);
        Interlocked.Decrement(ref _running);
    }

    private TaskCompletionSource Signal(string @event) =>
        _signals.GetOrAdd(@event, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource GateSource(string name) =>
        _gates.GetOrAdd(name, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
