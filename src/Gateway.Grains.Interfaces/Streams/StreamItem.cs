using ModelContextProtocol.Protocol;

namespace Gateway.Streams;

/// <summary>A server-to-client message and, on a resumable stream, its SSE event id.</summary>
[GenerateSerializer, Immutable, Alias("gw.StreamItem")]
public readonly record struct StreamItem(JsonRpcMessage Message, string? EventId = null);
