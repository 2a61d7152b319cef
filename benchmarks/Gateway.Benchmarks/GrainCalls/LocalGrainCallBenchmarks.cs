using BenchmarkDotNet.Attributes;
using Gateway.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Benchmarks.GrainCalls;

/// <summary>
/// What a call to a local, already active grain costs over a direct call: proxy, router, catalog
/// lookup, the activation's turn and a hop onto its scheduler and back.
/// </summary>
[MemoryDiagnoser]
public class LocalGrainCallBenchmarks
{
    private const int ConcurrentCalls = 100;

    private readonly PlainEcho _plain = new();
    private ServiceProvider? _services;
    private IEchoGrain _grain = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _services = new ServiceCollection()
            .AddGrainRuntime()
            .AddGrain<IEchoGrain, EchoGrain>()
            .BuildServiceProvider();
        foreach (var hostedService in _services.GetServices<IHostedService>())
        {
            await hostedService.StartAsync(CancellationToken.None);
        }

        _grain = _services.GetRequiredService<IGrainFactory>().GetGrain<IEchoGrain>("bench");
        await _grain.EchoAsync(0);
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_services is not null)
        {
            foreach (var hostedService in _services.GetServices<IHostedService>())
            {
                await hostedService.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public Task<int> DirectCall() => _plain.EchoAsync(1);

    [Benchmark]
    public Task<int> GrainCall() => _grain.EchoAsync(1);

    [Benchmark]
    public Task<int> InterleavedGrainCall() => _grain.EchoInterleavedAsync(1);

    /// <summary>Calls that queue for the turn of one activation: the cost per call under contention.</summary>
    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    public Task ConcurrentGrainCalls()
    {
        var calls = new Task[ConcurrentCalls];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _grain.EchoAsync(i);
        }

        return Task.WhenAll(calls);
    }
}
