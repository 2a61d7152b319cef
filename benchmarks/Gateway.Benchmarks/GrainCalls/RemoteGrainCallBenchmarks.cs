using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gateway.Benchmarks.Hosting;

namespace Gateway.Benchmarks.GrainCalls;

/// <summary>
/// What crossing silos adds to a grain call. Two silos of one cluster run in this process and talk
/// over loopback TCP; every call starts on the near silo. A near grain is active there; a far grain
/// is active on the other silo, so its call is serialized, sent, run there, and its answer sent back.
/// Sequential calls give the latency one request of a session sees; 64 calls in flight give the
/// throughput of many sessions sharing the silo-to-silo connection (one grain, so its turns queue).
/// </summary>
[MemoryDiagnoser]
[GcServer(true)] // as the gateway's silos run (the Web SDK's default)
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RemoteGrainCallBenchmarks
{
    private const int SequentialCalls = 16;
    private const int CallsInFlight = 64;
    private const string Sequential = "sequential";
    private const string InFlight = "64 in flight";

    private readonly Task<int>[] _inFlight = new Task<int>[CallsInFlight];
    private TwoSiloCluster? _cluster;
    private IAdderGrain _near = null!;
    private IAdderGrain _far = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _cluster = await TwoSiloCluster.StartAsync(timeout.Token);
        _near = _cluster.Near.Grains.GetGrain<IAdderGrain>("near");
        await _near.AddAsync(0);
        _far = await _cluster.PlaceOnFarSiloAsync<IAdderGrain>("far", grain => grain.AddAsync(0));
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    // Batches of sequential calls: see LocalGrainCallBenchmarks.
    [Benchmark(Baseline = true, OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Sequential)]
    public Task<int> NearGrain() => CallOneAfterAnotherAsync(_near);

    [Benchmark(OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Sequential)]
    public Task<int> FarGrain() => CallOneAfterAnotherAsync(_far);

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsInFlight)]
    [BenchmarkCategory(InFlight)]
    public Task<int[]> NearGrainInFlight() => CallAllAtOnceAsync(_near);

    [Benchmark(OperationsPerInvoke = CallsInFlight)]
    [BenchmarkCategory(InFlight)]
    public Task<int[]> FarGrainInFlight() => CallAllAtOnceAsync(_far);

    private static async Task<int> CallOneAfterAnotherAsync(IAdderGrain grain)
    {
        var total = 0;
        for (var i = 0; i < SequentialCalls; i++)
        {
            total = await grain.AddAsync(1);
        }

        return total;
    }

    private Task<int[]> CallAllAtOnceAsync(IAdderGrain grain)
    {
        for (var i = 0; i < CallsInFlight; i++)
        {
            _inFlight[i] = grain.AddAsync(1);
        }

        return Task.WhenAll(_inFlight);
    }
}
