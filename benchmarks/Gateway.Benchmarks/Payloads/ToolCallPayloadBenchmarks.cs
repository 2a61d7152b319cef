using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Hosting;
using ModelContextProtocol.Protocol;

namespace Gateway.Benchmarks.Payloads;

/// <summary>
/// Which form of a client's tools/call request (about 1 KiB of arguments) is cheaper to hand to a
/// grain on another silo: the UTF-8 bytes the client sent, parsed by the grain with System.Text.Json,
/// or the MCP SDK's <see cref="JsonRpcRequest"/>, which the gateway's silos carry with Orleans'
/// System.Text.Json codec and the SDK's options. Both end with the same message in the grain. The
/// request is built once: the bytes stand for an HTTP body already read, the message for one the
/// SDK's transport already parsed. The copied variant shows what leaving out [Immutable] costs.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)] // as the gateway's silos run (the Web SDK's default)
public class ToolCallPayloadBenchmarks
{
    // Batches of sequential calls: see GrainCalls.LocalGrainCallBenchmarks.
    private const int Calls = 16;

    private TwoSiloCluster? _cluster;
    private IToolCallGrain _grain = null!;
    private JsonRpcRequest _request = null!;
    private byte[] _utf8 = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        _request = ToolCallMessages.CreateRequest();
        _utf8 = ToolCallMessages.ToUtf8(_request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _cluster = await TwoSiloCluster.StartAsync(timeout.Token);
        _grain = await _cluster.PlaceOnFarSiloAsync<IToolCallGrain>("tool-call", grain => grain.HandleUtf8Async(_utf8));

        // Every way must deliver the whole request, or the comparison means nothing.
        var expected = ToolCallMessages.CountArguments(_request);
        int[] received = [await _grain.HandleUtf8Async(_utf8), await _grain.HandleAsync(_request), await _grain.HandleCopyAsync(_request)];
        if (received.Any(count => count != expected))
        {
            throw new InvalidOperationException($"the grain read [{string.Join(", ", received)}] arguments; the request has {expected}");
        }
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task<int> Utf8Bytes()
    {
        var read = 0;
        for (var i = 0; i < Calls; i++)
        {
            read = await _grain.HandleUtf8Async(_utf8);
        }

        return read;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> JsonRpcRequestImmutable()
    {
        var read = 0;
        for (var i = 0; i < Calls; i++)
        {
            read = await _grain.HandleAsync(_request);
        }

        return read;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> JsonRpcRequestCopied()
    {
        var read = 0;
        for (var i = 0; i < Calls; i++)
        {
            read = await _grain.HandleCopyAsync(_request);
        }

        return read;
    }
}
