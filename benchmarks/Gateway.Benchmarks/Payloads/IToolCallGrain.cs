using ModelContextProtocol.Protocol;

namespace Gateway.Benchmarks.Payloads;

/// <summary>
/// Receives a client's tools/call request the ways a gateway silo could forward it to a session
/// grain on another silo. Each returns the number of tool arguments it read.
/// </summary>
public interface IToolCallGrain : IGrainWithStringKey
{
    /// <summary>The request as the client's UTF-8 bytes, parsed by the grain; the caller must not change them afterwards.</summary>
    Task<int> HandleUtf8Async([Immutable] byte[] request);

    /// <summary>The SDK's message, written and read by Orleans' JSON codec; not copied before it is sent.</summary>
    Task<int> HandleAsync([Immutable] JsonRpcRequest request);

    /// <summary>The SDK's message as an ordinary argument: Orleans deep-copies it (JSON out and back) before sending.</summary>
    Task<int> HandleCopyAsync(JsonRpcRequest request);
}
