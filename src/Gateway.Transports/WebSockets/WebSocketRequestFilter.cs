using Gateway.Protocol;
using Gateway.Transports.Answers;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// The checks of a WebSocket upgrade to /ws or /servers/{server}/ws before the socket is accepted,
/// so that a client that cannot be served is told why in a plain HTTP answer, which it can still
/// read, rather than on a socket it cannot use. Authentication, roles, Host and Origin were checked
/// before this, as for /mcp. In the order the answers come:
/// <list type="bullet">
/// <item>the request must be a WebSocket upgrade (426, naming the Upgrade header);</item>
/// <item>a Sec-WebSocket-Protocol that is sent must offer <c>mcp</c> (400); none at all is fine;</item>
/// <item>an MCP-Protocol-Version that is sent must be one the gateway speaks (400);</item>
/// <item>a virtual server must exist and be the caller's tenant's (404).</item>
/// </list>
/// </summary>
public sealed class WebSocketRequestFilter(IVirtualServerDirectory servers) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<McpRequestContext>().FirstOrDefault()
            ?? throw new InvalidOperationException($"A WebSocket endpoint must take a {nameof(McpRequestContext)} parameter");
        var http = context.HttpContext;
        var refusal = CheckUpgrade(http) ?? CheckSubprotocol(http) ?? CheckVersion(request) ?? await servers.RefusalAsync(request, http.RequestAborted);
        return refusal ?? await next(context);
    }

    /// <summary>RFC 9110 "426 Upgrade Required": the answer names the protocol to upgrade to.</summary>
    private static JsonRpcErrorResult? CheckUpgrade(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            return null;
        }

        http.Response.Headers[HeaderNames.Upgrade] = "websocket";
        return JsonRpcErrorResult.Of(StatusCodes.Status426UpgradeRequired, GatewayErrorCodes.InvalidRequest,
            $"{http.Request.Path} is a WebSocket endpoint: send a WebSocket upgrade (Upgrade: websocket), or use /mcp for Streamable HTTP");
    }

    /// <summary>
    /// RFC 6455 lets a server ignore subprotocols it does not speak, but the client then fails the
    /// connection with no reason it can show; a 400 that names <c>mcp</c> says what to offer.
    /// </summary>
    private static JsonRpcErrorResult? CheckSubprotocol(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols;
        return offered.Count == 0 || McpWebSocketHandler.OffersMcp(offered)
            ? null
            : JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                $"Sec-WebSocket-Protocol offers '{string.Join(", ", offered)}'; this endpoint speaks '{McpWebSocketHandler.Subprotocol}' (or no subprotocol at all)");
    }

    private static JsonRpcErrorResult? CheckVersion(McpRequestContext request) =>
        request.ProtocolVersionProblem is { } problem
            ? JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem)
            : null;
}
