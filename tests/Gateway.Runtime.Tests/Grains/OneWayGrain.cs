using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IOneWayGrain : IGrainWithStringKey
{
    [OneWay]
    Task FireAsync(string gate);

    [OneWay]
    ValueTask FireValueAsync(string gate);

    [OneWay]
    Task FailAsync(string message);

    Task<int> GetFiredCountAsync();
}

public sealed class OneWayGrain(GrainProbe probe) : Grain, IOneWayGrain
{
    private int _fired;

    public async Task FireAsync(string gate)
    {
        await probe.Gate(gate);
        _fired++;
        probe.Record($"fired:{gate}");
    }

    public async ValueTask FireValueAsync(string gate) => await FireAsync(gate);

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task<int> GetFiredCountAsync() => Task.FromResult(_fired);
}
