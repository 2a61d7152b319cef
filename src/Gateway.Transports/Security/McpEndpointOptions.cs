namespace Gateway.Transports.Security;

/// <summary>Limits and checks of the MCP and admin endpoints (Gateway:Http).</summary>
public sealed class McpEndpointOptions
{
    /// <summary>Larger request bodies get HTTP 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Deeper JSON gets -32700.</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>
    /// Origins allowed besides loopback ones (http(s)://localhost, 127.0.0.1, [::1] on any port).
    /// A request with any other Origin header gets 403: protection against DNS rebinding.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Host names (no port) requests may be addressed to, besides loopback ones (localhost,
    /// 127.0.0.1, [::1]); "*" allows any. Another Host gets 400: protection against DNS rebinding.
    /// Empty (the default): loopback names only when the gateway binds loopback, any name when it
    /// binds another address (where auth is required anyway).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How often an idle SSE stream gets a comment line, and a WebSocket a ping, so proxies keep it open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A WebSocket whose client answers no ping within this long is dropped, and its session ends:
    /// an open socket counts as activity, so a client that vanished without closing it would
    /// otherwise hold its session, upstream sessions and place under the cap.
    /// </summary>
    public TimeSpan WebSocketKeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests one WebSocket may have running at once; one more is answered with an error at once.
    /// A socket carries any number of requests on one connection, where each POST to /mcp costs the
    /// client a request of its own.
    /// </summary>
    public int WebSocketMaxRequestsInFlight { get; set; } = 64;
}
