using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IIdentityGrain : IGrainWithStringKey
{
    Task<Guid> GetInstanceIdAsync();

    Task FailAsync(string message);

    Task FailSynchronouslyAsync(string message);

    Task RequestDeactivationAsync();

    Task<Guid> HoldThenDeactivateAsync(string gate);
}

public class IdentityGrain(GrainProbe probe) : ProbedGrain(probe), IIdentityGrain
{
    public Task<Guid> GetInstanceIdAsync() => Task.FromResult(InstanceId);

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task FailSynchronouslyAsync(string message) => throw new InvalidOperationException(message);

    public Task RequestDeactivationAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<Guid> HoldThenDeactivateAsync(string gate)
    {
        DeactivateOnIdle();
        Probe.Record($"holding:{gate}");
        await Probe.Gate(gate);
        return InstanceId;
    }
}
