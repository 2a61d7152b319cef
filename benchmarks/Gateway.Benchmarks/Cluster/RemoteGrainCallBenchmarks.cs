using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gateway.Runtime;

namespace Gateway.Benchmarks.Cluster;

/// <summary>
/// What crossing silos adds to a grain call. Two silos run in this process as a real cluster
/// (membership and grain directory in PostgreSQL, calls between them over HTTP/2 on loopback); the
/// caller is always silo A. A "local" call goes to a grain that placement puts on A (the cluster
/// router's local path); a "remote" call goes to a grain placed on B: serialize, HTTP/2 request on
/// the shared connection, B's cluster endpoint, B's activation, and the answer back.
/// Needs PostgreSQL: GATEWAY_TEST_POSTGRES (an Npgsql connection string; tests/postgres.sh provides one).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RemoteGrainCallBenchmarks
{
    private const int SequentialCalls = 100;
    private const int ConcurrentCalls = 100;
    private const string Call = "int call";
    private const string Echo = "1 KiB echo";
    private const string Concurrent = "100 concurrent";

    private static readonly string s_text = new('x', 1024);

    private BenchSilo? _siloA;
    private BenchSilo? _siloB;
    private IAdderGrain _local = null!;
    private IAdderGrain _remote = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "RemoteGrainCallBenchmarks needs PostgreSQL: set GATEWAY_TEST_POSTGRES to an Npgsql connection string, " +
                "e.g. run the benchmarks under `bash tests/postgres.sh dotnet run ...`.");
        }

        // A fresh cluster id per process: BenchmarkDotNet runs each benchmark in its own process.
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var clusterKey = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _siloA = await BenchSilo.StartAsync(connectionString, clusterId, clusterKey, timeout.Token);
        _siloB = await BenchSilo.StartAsync(connectionString, clusterId, clusterKey, timeout.Token);
        await _siloA.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(30));
        await _siloB.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(30));

        _local = await GrainOnAsync(_siloA, "local");
        _remote = await GrainOnAsync(_siloB, "remote");
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_siloA is not null)
        {
            await _siloA.DisposeAsync();
        }

        if (_siloB is not null)
        {
            await _siloB.DisposeAsync();
        }
    }

    // BenchmarkDotNet blocks its thread on every task a benchmark returns. Each invocation here
    // awaits a batch of calls one after another instead, as the gateway's async code makes them,
    // so that wait is paid once per batch; the figures are per call.
    [Benchmark(Baseline = true, OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Call)]
    public async Task LocalCall()
    {
        for (var i = 0; i < SequentialCalls; i++)
        {
            await _local.AddAsync(i);
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Call)]
    public async Task RemoteCall()
    {
        for (var i = 0; i < SequentialCalls; i++)
        {
            await _remote.AddAsync(i);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Echo)]
    public async Task LocalEcho()
    {
        for (var i = 0; i < SequentialCalls; i++)
        {
            await _local.EchoAsync(s_text);
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialCalls)]
    [BenchmarkCategory(Echo)]
    public async Task RemoteEcho()
    {
        for (var i = 0; i < SequentialCalls; i++)
        {
            await _remote.EchoAsync(s_text);
        }
    }

    /// <summary>Calls in flight together: per call, with the remote ones multiplexed on one HTTP/2 connection.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ConcurrentCalls)]
    [BenchmarkCategory(Concurrent)]
    public Task LocalConcurrentCalls() => ConcurrentlyAsync(_local);

    [Benchmark(OperationsPerInvoke = ConcurrentCalls)]
    [BenchmarkCategory(Concurrent)]
    public Task RemoteConcurrentCalls() => ConcurrentlyAsync(_remote);

    private static Task ConcurrentlyAsync(IAdderGrain grain)
    {
        var calls = new Task[ConcurrentCalls];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = grain.AddAsync(i);
        }

        return Task.WhenAll(calls);
    }

    /// <summary>
    /// A grain that rendezvous placement puts on <paramref name="owner"/> in both silos' views, called
    /// once from silo A; then checked to be active on its owner only, so the benchmark measures the hop it claims to.
    /// </summary>
    private async Task<IAdderGrain> GrainOnAsync(BenchSilo owner, string prefix)
    {
        var other = ReferenceEquals(owner, _siloA) ? _siloB! : _siloA!;
        for (var i = 0; i < 1000; i++)
        {
            var grain = _siloA!.GrainFactory.GetGrain<IAdderGrain>($"{prefix}-{i}");
            var id = grain.GetGrainId();
            if (owner.Placement.Place(id) != owner.Address || other.Placement.Place(id) != owner.Address)
            {
                continue;
            }

            if (await grain.AddAsync(1) != 2)
            {
                throw new InvalidOperationException($"{id} answered AddAsync(1) wrongly.");
            }

            if (!owner.Catalog.IsActive(id) || other.Catalog.IsActive(id))
            {
                throw new InvalidOperationException($"{id} should be active on {owner.Address} only, but is not.");
            }

            return grain;
        }

        throw new InvalidOperationException($"No grain key among 1000 is placed on {owner.Address}.");
    }
}
