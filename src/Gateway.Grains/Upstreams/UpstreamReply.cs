using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>The upstream's result, or a JSON-RPC error (its own, or one the gateway made for it).</summary>
public sealed record UpstreamReply(JsonNode? Result, JsonRpcErrorDetail? Error)
{
    public static UpstreamReply Success(JsonNode? result) => new(result, null);

    public static UpstreamReply Failure(int code, string message) =>
        new(null, new JsonRpcErrorDetail { Code = code, Message = message });
}
