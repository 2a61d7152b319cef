using BenchmarkDotNet.Attributes;
using Gateway.Runtime;
using Gateway.Runtime.Placement;

namespace Gateway.Benchmarks.Placement;

/// <summary>The cost of choosing a grain's owner by rendezvous hashing, per call, as the cluster grows.</summary>
[MemoryDiagnoser]
public class PlacementBenchmarks
{
    private RendezvousHashing _view = new([]);
    private GrainId _grain;

    [Params(1, 3, 10)]
    public int Silos { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _view = new RendezvousHashing(Enumerable.Range(1, Silos).Select(i => new SiloIdentity($"10.0.0.{i}:11111:638000000000000000")).ToArray());
        _grain = new GrainId("session", "Invh9u1e-QwuCCPrF4gvUcizanNHhSX7");
    }

    [Benchmark]
    public SiloIdentity Pick() => _view.Pick(_grain);
}
