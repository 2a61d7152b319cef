using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// GET /ws and /servers/{name}/ws: accepts the WebSocket upgrade that <see cref="WebSocketRequestFilter"/>
/// let through, naming the <c>mcp</c> subprotocol when the client offered it (the TypeScript SDK's
/// WebSocketClientTransport does, and fails a handshake that does not name it), and serves one MCP
/// session over it (<see cref="McpWebSocketSession"/>). Pings every <c>Http:KeepAliveInterval</c>,
/// and a client that answers none within <c>Http:WebSocketKeepAliveTimeout</c> is dropped
/// (ASP.NET Core's WebSocket keep-alive). The principal is the one the upgrade request authenticated.
/// </summary>
public sealed class McpWebSocketHandler(
    IGrainFactory grains,
    ClientStreamRegistry streams,
    IOptions<McpEndpointOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<McpWebSocketSession> logger)
{
    /// <summary>The subprotocol MCP clients ask for (the TypeScript SDK's WebSocketClientTransport).</summary>
    public const string Subprotocol = "mcp";

    public static bool OffersMcp(IEnumerable<string> offered) => offered.Contains(Subprotocol, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context, McpRequestContext request)
    {
        var http = options.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = OffersMcp(context.WebSockets.WebSocketRequestedProtocols) ? Subprotocol : null,
            KeepAliveInterval = http.KeepAliveInterval,
            KeepAliveTimeout = http.WebSocketKeepAliveTimeout,
        });
        using var session = new McpWebSocketSession(socket, request, context.TraceIdentifier, grains, streams, http, time, logger);
        await session.RunAsync(lifetime.ApplicationStopping);
    }
}
