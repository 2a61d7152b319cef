namespace Gateway.Runtime.Tests.Grains;

public interface ITwoStatesGrain : IGrainWithStringKey
{
    Task SetAsync(int first, int second);

    Task<int[]> GetAsync();
}

/// <summary>Two states of the same type, the second in the "Other" provider: each must reach its own parameter.</summary>
public sealed class TwoStatesGrain(
    [PersistentState("first")] IPersistentState<CounterState> first,
    [PersistentState("second", "Other")] IPersistentState<CounterState> second) : Grain, ITwoStatesGrain
{
    public async Task SetAsync(int firstValue, int secondValue)
    {
        first.State.Value = firstValue;
        second.State.Value = secondValue;
        await first.WriteStateAsync();
        await second.WriteStateAsync();
    }

    public Task<int[]> GetAsync() => Task.FromResult(new[] { first.State.Value, second.State.Value });
}
