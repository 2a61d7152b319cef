using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Hosting;

namespace Gateway.Benchmarks.GrainCalls;

/// <summary>
/// What a call to an active grain on the caller's own silo costs over calling the same code
/// directly: the generated proxy, the argument copy, the message, the activation's turn on its
/// scheduler, and the response handed back to the caller.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)] // as the gateway's silos run (the Web SDK's default)
public class LocalGrainCallBenchmarks
{
    // BenchmarkDotNet blocks its thread on the task every invocation returns. Each invocation awaits
    // a batch of calls one after the other instead, as the gateway's async code makes them, so that
    // wake-up is paid once per batch; the figures are per call.
    private const int Calls = 16;

    private readonly RunningTotal _direct = new();
    private BenchmarkSilo? _silo;
    private IAdderGrain _grain = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _silo = await BenchmarkSilo.StartAsync("bench-local-" + Guid.NewGuid().ToString("N")[..12], primary: null, timeout.Token);
        _grain = _silo.Grains.GetGrain<IAdderGrain>("local");
        await _grain.AddAsync(0);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task<int> DirectCall()
    {
        var total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total = await _direct.AddAsync(1);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> GrainCall()
    {
        var total = 0;
        for (var i = 0; i < Calls; i++)
        {
            total = await _grain.AddAsync(1);
        }

        return total;
    }
}
