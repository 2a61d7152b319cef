namespace Gateway.Runtime.Tests.Grains;

public interface IMissingStorageGrain : IGrainWithStringKey
{
    Task PingAsync();
}

public sealed class MissingStorageGrain(
    [PersistentState("orphan", "NoSuchProvider")] IPersistentState<CounterState> state) : Grain, IMissingStorageGrain
{
    public Task PingAsync() => Task.FromResult(state.State.Value);
}
