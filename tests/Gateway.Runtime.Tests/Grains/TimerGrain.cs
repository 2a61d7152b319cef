using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer whose ticks log "tick:n" and record "tick:{instance}:{n}"; returns the instance id.</summary>
    Task<Guid> StartTimerAsync(TimeSpan period, bool interleave = false, bool fail = false);

    Task StopTimerAsync();

    Task HoldAsync(string gate);

    Task<string[]> GetLogAsync();

    [AlwaysInterleave]
    Task<string[]> PeekLogAsync();

    Task RequestDeactivationAsync();
}

public sealed class TimerGrain(GrainProbe probe) : ProbedGrain(probe), ITimerGrain
{
    private readonly List<string> _log = [];
    private IGrainTimer? _timer;
    private int _ticks;

    public Task<Guid> StartTimerAsync(TimeSpan period, bool interleave, bool fail)
    {
        _timer = RegisterGrainTimer(_ => TickAsync(fail), period, period, interleave);
        return Task.FromResult(InstanceId);
    }

    public Task StopTimerAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task HoldAsync(string gate)
    {
        _log.Add($"enter:{gate}");
        Probe.Record($"enter:{gate}");
        await Probe.Gate(gate);
        _log.Add($"exit:{gate}");
    }

    public Task<string[]> GetLogAsync() => Task.FromResult(_log.ToArray());

    public Task<string[]> PeekLogAsync() => Task.FromResult(_log.ToArray());

    public Task RequestDeactivationAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task TickAsync(bool fail)
    {
        _ticks++;
        _log.Add($"tick:{_ticks}");
        Probe.Record($"tick:{InstanceId}:{_ticks}");
        return fail ? throw new InvalidOperationException($"tick {_ticks} failed on purpose") : Task.CompletedTask;
    }
}
