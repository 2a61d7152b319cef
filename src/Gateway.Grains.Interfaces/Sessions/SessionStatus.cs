namespace Gateway.Sessions;

/// <summary>How a session received a message; the front door maps each to an HTTP status.</summary>
[GenerateSerializer, Alias("gw.SessionStatus")]
public enum SessionStatus
{
    Ok,

    /// <summary>No such session, or it was ended (HTTP 404).</summary>
    NotFound,

    /// <summary>The session belongs to another principal (HTTP 404, so ids cannot be probed).</summary>
    Forbidden,

    /// <summary>The MCP-Protocol-Version header does not match the negotiated version (HTTP 400).</summary>
    ProtocolMismatch,

    /// <summary>The message was sent to another virtual server than the session's (HTTP 404).</summary>
    WrongServer,

    /// <summary>initialize refused: the principal holds as many sessions as it may (HTTP 429).</summary>
    LimitReached,

    /// <summary>A message other than initialize on a legacy SSE session not initialized yet (HTTP 400).</summary>
    NotInitialized,
}
