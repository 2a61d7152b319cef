using ModelContextProtocol.Protocol;
using Orleans.Placement;

namespace Gateway.Benchmarks.Payloads;

/// <summary>Placed on the silo that first calls it, so that the benchmark can put it on the far silo.</summary>
[PreferLocalPlacement]
public sealed class ToolCallGrain : Grain, IToolCallGrain
{
    public Task<int> HandleUtf8Async(byte[] request) =>
        Task.FromResult(ToolCallMessages.CountArguments(ToolCallMessages.FromUtf8(request)));

    public Task<int> HandleAsync(JsonRpcRequest request) => Task.FromResult(ToolCallMessages.CountArguments(request));

    public Task<int> HandleCopyAsync(JsonRpcRequest request) => Task.FromResult(ToolCallMessages.CountArguments(request));
}
