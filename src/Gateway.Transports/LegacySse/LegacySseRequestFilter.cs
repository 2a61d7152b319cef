using Gateway.Protocol;
using Gateway.Transports.Answers;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.LegacySse;

/// <summary>
/// The checks of every legacy HTTP+SSE request before its handler runs, answered as /mcp answers them:
/// <list type="bullet">
/// <item>GET opens the SSE stream: Accept must include text/event-stream (406).</item>
/// <item>POST: an MCP-Protocol-Version that is sent must be one the gateway speaks (400).</item>
/// <item>A virtual server must exist and be the caller's tenant's (404).</item>
/// <item>POST: the <c>sessionId</c> query is required (400) and well formed (404, as an unknown session),
/// unless the body was refused, which its handler then says.</item>
/// </list>
/// </summary>
public sealed class LegacySseRequestFilter(IVirtualServerDirectory servers) : IEndpointFilter
{
    private const string EventStream = "text/event-stream";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<LegacySseRequest>().FirstOrDefault()?.Context
            ?? throw new InvalidOperationException($"A legacy SSE endpoint must take a {nameof(LegacySseRequest)} parameter");
        var http = context.HttpContext.Request;
        var refusal = HttpMethods.IsGet(http.Method)
            ? CheckAccept(http)
            : CheckVersion(request) ?? CheckSession(request, context.Arguments.OfType<McpPostBody>().FirstOrDefault());
        return refusal ?? await servers.RefusalAsync(request, context.HttpContext.RequestAborted) ?? await next(context);
    }

    private static JsonRpcErrorResult? CheckAccept(HttpRequest http) =>
        http.Headers.Accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase)
            ? null
            : JsonRpcErrorResult.Of(StatusCodes.Status406NotAcceptable, GatewayErrorCodes.InvalidRequest,
                $"GET opens an SSE stream: the Accept header must include {EventStream}");

    private static JsonRpcErrorResult? CheckVersion(McpRequestContext request) =>
        request.ProtocolVersionProblem is { } problem
            ? JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem)
            : null;

    /// <summary>An id that could not have been minted here touches no grain.</summary>
    private static JsonRpcErrorResult? CheckSession(McpRequestContext request, McpPostBody? body)
    {
        if (body?.Messages is not { } parsed)
        {
            return null;
        }

        if (request.SessionId is null)
        {
            return JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                $"Missing '{LegacySseRequest.SessionIdQuery}' query parameter: POST to the endpoint URL that GET /sse sent",
                JsonRpcErrorResult.IdOf(parsed.Messages[0]));
        }

        return SessionIds.IsWellFormed(request.SessionId) ? null : JsonRpcErrorResult.SessionNotFound();
    }
}
