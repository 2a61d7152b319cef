using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>The upstream's result, or a JSON-RPC error (its own, or one the gateway made for it).</summary>
public sealed record UpstreamReply(JsonNode? Result, JsonRpcErrorDetail? Error)
{
    /// <summary>
    /// Set when the call went over an upstream session other than the request's
    /// <see cref="UpstreamRequest.Resume"/>: the client session keeps it, so that the next silo
    /// carries on this one.
    /// </summary>
    public UpstreamSessionRecord? NewUpstreamSession { get; init; }

    public static UpstreamReply Success(JsonNode? result) => new(result, null);

    public static UpstreamReply Failure(int code, string message) =>
        new(null, new JsonRpcErrorDetail { Code = code, Message = message });
}
