namespace Gateway.Transports.WebSockets;

/// <summary>What one read of a client's socket brought.</summary>
public enum WebSocketInboundKind
{
    /// <summary>A whole text message, within the size limit.</summary>
    Text,

    /// <summary>A binary message: MCP over WebSocket sends JSON-RPC as text.</summary>
    Binary,

    /// <summary>A message over the size limit; the rest of it was not read.</summary>
    TooLarge,

    /// <summary>The client's close frame.</summary>
    Closed,
}

/// <param name="Text">The UTF-8 of a text message; valid until the next read.</param>
public readonly record struct WebSocketInbound(WebSocketInboundKind Kind, ReadOnlyMemory<byte> Text = default);
