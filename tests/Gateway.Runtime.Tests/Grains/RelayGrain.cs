namespace Gateway.Runtime.Tests.Grains;

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Calls another grain; true when the code after the await ran on this activation's own scheduler again.</summary>
    Task<bool> CallOtherAndCheckSchedulerAsync(string otherKey);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<bool> CallOtherAndCheckSchedulerAsync(string otherKey)
    {
        var before = TaskScheduler.Current;
        var sum = await GrainFactory.GetGrain<IReturnShapesGrain>(otherKey).AddLaterAsync(1, 2);
        return sum == 3 && before != TaskScheduler.Default && TaskScheduler.Current == before;
    }
}
