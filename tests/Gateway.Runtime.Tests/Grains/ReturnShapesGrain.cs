using Gateway.Runtime.Tests.TestSupport;

namespace Gateway.Runtime.Tests.Grains;

public interface IReturnShapesGrain : IGrainWithStringKey
{
    Task DoAsync();

    Task DoLaterAsync();

    Task<int> AddAsync(int a, int b);

    Task<int> AddLaterAsync(int a, int b);

    ValueTask PingAsync();

    ValueTask PingLaterAsync();

    ValueTask<string> EchoAsync(string text);

    ValueTask<string> EchoLaterAsync(string text);

    Task<string?> GetNothingAsync();

    Task<(int Number, string Text)> GetPairAsync();

    Task WaitForCancellationAsync(string gate, CancellationToken cancellationToken);
}

public sealed class ReturnShapesGrain(GrainProbe probe) : Grain, IReturnShapesGrain
{
    public Task DoAsync() => Task.CompletedTask;

    public async Task DoLaterAsync() => await Task.Yield();

    public Task<int> AddAsync(int a, int b) => Task.FromResult(a + b);

    public async Task<int> AddLaterAsync(int a, int b)
    {
        await Task.Yield();
        return a + b;
    }

    public ValueTask PingAsync() => ValueTask.CompletedTask;

    public async ValueTask PingLaterAsync() => await Task.Yield();

    public ValueTask<string> EchoAsync(string text) => ValueTask.FromResult(text);

    public async ValueTask<string> EchoLaterAsync(string text)
    {
        await Task.Yield();
        return text;
    }

    public Task<string?> GetNothingAsync() => Task.FromResult<string?>(null);

    public Task<(int Number, string Text)> GetPairAsync() => Task.FromResult((42, "answer"));

    public async Task WaitForCancellationAsync(string gate, CancellationToken cancellationToken)
    {
        probe.Record($"waiting:{gate}");
        await probe.Gate(gate).WaitAsync(cancellationToken);
    }
}
