using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    /// <summary>What State held when OnActivateAsync ran.</summary>
    Task<int> GetValueSeenOnActivationAsync();

    Task<bool> RecordExistsAsync();

    Task ClearAsync();

    Task RequestDeactivationAsync();
}

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter, GrainProbe probe)
    : ProbedGrain(probe), ICounterGrain
{
    private int _valueSeenOnActivation = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _valueSeenOnActivation = counter.State.Value;
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<int> IncrementAsync()
    {
        counter.State.Value++;
        counter.State.History.Add($"+1 by {InstanceId}");
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Value);

    public Task<int> GetValueSeenOnActivationAsync() => Task.FromResult(_valueSeenOnActivation);

    public Task<bool> RecordExistsAsync() => Task.FromResult(counter.RecordExists);

    public Task ClearAsync() => counter.ClearStateAsync();

    public Task RequestDeactivationAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
