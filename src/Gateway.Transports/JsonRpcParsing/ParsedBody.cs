using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.JsonRpcParsing;

/// <summary>A POST body: one message, a batch (2025-03-26), or the error that refuses it.</summary>
public sealed record ParsedBody(IReadOnlyList<JsonRpcMessage> Messages, bool IsBatch, JsonObject? Error)
{
    public static ParsedBody Failed(JsonObject error) => new([], false, error);
}
