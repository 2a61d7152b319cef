using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Logs enter, awaits the gate, logs exit.</summary>
    Task HoldAsync(string gate);

    Task RecordAsync(string name, CancellationToken cancellationToken);

    Task<string[]> GetLogAsync();

    [AlwaysInterleave]
    Task<string[]> PeekLogAsync();

    /// <summary>Exclusive sections separated by awaits, checked for overlap by the probe.</summary>
    Task TurnWorkAsync(int steps);

    [AlwaysInterleave]
    Task InterleavedWorkAsync(int steps);
}

public sealed class TurnGrain(GrainProbe probe) : Grain, ITurnGrain
{
    // No lock: the runtime promises that grain code never runs in parallel.
    private readonly List<string> _log = [];

    public async Task HoldAsync(string gate)
    {
        _log.Add($"enter:{gate}");
        probe.Record($"enter:{gate}");
        await probe.Gate(gate);
        _log.Add($"exit:{gate}");
    }

    public Task RecordAsync(string name, CancellationToken cancellationToken)
    {
        _log.Add(name);
        return Task.CompletedTask;
    }

    public Task<string[]> GetLogAsync() => Task.FromResult(_log.ToArray());

    public Task<string[]> PeekLogAsync() => Task.FromResult(_log.ToArray());

    public Task TurnWorkAsync(int steps) => WorkAsync(steps);

    public Task InterleavedWorkAsync(int steps) => WorkAsync(steps);

    private async Task WorkAsync(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            probe.RunExclusiveSection();
            await Task.Yield();
        }
    }
}
