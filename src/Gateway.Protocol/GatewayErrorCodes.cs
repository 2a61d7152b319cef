namespace Gateway.Protocol;

/// <summary>
/// JSON-RPC error codes the gateway answers with. Standard codes come from JSON-RPC 2.0; the
/// gateway's own lie in the implementation-defined server-error range (-32000 to -32099).
/// </summary>
public static class GatewayErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>MCP's code for resources/read of an unknown URI.</summary>
    public const int ResourceNotFound = -32002;

    /// <summary>The upstream is not connected (down, starting, or failing); it is retried in the background.</summary>
    public const int UpstreamUnavailable = -32050;

    /// <summary>The upstream did not answer within the call timeout.</summary>
    public const int UpstreamTimeout = -32051;

    /// <summary>
    /// The upstream's connection broke while the call was in flight, or the gateway node running
    /// the call died (see <see cref="NodeWentAway"/>).
    /// </summary>
    public const int UpstreamFailed = -32052;

    /// <summary>The request was cancelled by the client.</summary>
    public const int RequestCancelled = -32053;

    /// <summary>The caller's roles do not allow what it asked for (a tool under Gateway:Authorization:Tools).</summary>
    public const int Forbidden = -32055;

    /// <summary>
    /// initialize refused: the principal already has as many open sessions as it may
    /// (Gateway:Sessions:MaxPerPrincipal). Answered with HTTP 429; DELETE a session, or let one expire, and retry.
    /// </summary>
    public const int SessionLimitReached = -32054;

    /// <summary>
    /// Sent to an upstream whose request to the client (sampling, elicitation, roots) the gateway
    /// could not carry: the client has no stream open, does not answer in time, or its session ended.
    /// </summary>
    public const int ClientUnreachable = -32056;

    /// <summary>The message of <see cref="UpstreamFailed"/> for a request lost with the gateway node that ran it.</summary>
    public static string NodeWentAway(string cause) =>
        $"The gateway node handling this request went away ({cause}); it may or may not have run. The session is intact: retry.";
}
