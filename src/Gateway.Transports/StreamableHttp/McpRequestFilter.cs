using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Transports.Answers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// The checks every Streamable HTTP request (/mcp and /servers/{server}/mcp) passes before its
/// handler runs, so that handlers see only requests they can serve. In the order the answers come:
/// <list type="bullet">
/// <item>GET and DELETE of the session-less revision (2026-07-28 and later): 405, as it has neither.</item>
/// <item>GET opens an SSE stream: Accept must include text/event-stream (406).</item>
/// <item>POST and GET: an MCP-Protocol-Version that is sent must be one the gateway speaks (400).</item>
/// <item>POST to /servers/{server}/mcp: that virtual server must exist, and be of the caller's tenant (404).</item>
/// <item>Mcp-Session-Id: required (400) and well formed (404, as an unknown session) for GET and
/// DELETE, and for POST unless the body opens a session with initialize. A POST whose body was
/// refused is left to its handler, which says what is wrong with the body.</item>
/// </list>
/// </summary>
public sealed class McpRequestFilter(IVirtualServerDirectory servers) : IEndpointFilter
{
    private const string EventStream = "text/event-stream";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<McpRequestContext>().FirstOrDefault()
            ?? throw new InvalidOperationException($"An MCP endpoint must take a {nameof(McpRequestContext)} parameter");
        var method = context.HttpContext.Request.Method;
        if (!HttpMethods.IsPost(method) && ProtocolVersions.IsSessionless(request.ProtocolVersion))
        {
            // The session-less door (the SDK's, in stateless mode) maps POST only.
            context.HttpContext.Response.Headers.Allow = HttpMethods.Post;
            return JsonRpcErrorResult.Of(StatusCodes.Status405MethodNotAllowed, GatewayErrorCodes.InvalidRequest,
                $"MCP {request.ProtocolVersion} has no sessions: no GET stream and no DELETE; use subscriptions/listen over POST for change notifications");
        }

        var refusal = HttpMethods.IsGet(method) ? CheckGet(context.HttpContext.Request, request)
            : HttpMethods.IsPost(method) ? await CheckPostAsync(request, context.Arguments.OfType<McpPostBody>().FirstOrDefault(), context.HttpContext.RequestAborted)
            : CheckSession(request, $"Missing {McpHeaders.SessionId} header", null);
        return refusal ?? await next(context);
    }

    private static JsonRpcErrorResult? CheckGet(HttpRequest http, McpRequestContext request)
    {
        // Streamable HTTP, "Listening for messages from the server": the client MUST accept text/event-stream.
        if (!http.Headers.Accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            return JsonRpcErrorResult.Of(StatusCodes.Status406NotAcceptable, GatewayErrorCodes.InvalidRequest,
                $"GET opens an SSE stream: the Accept header must include {EventStream}");
        }

        return CheckVersion(request) ?? CheckSession(request, $"Missing {McpHeaders.SessionId} header", null);
    }

    private async ValueTask<JsonRpcErrorResult?> CheckPostAsync(McpRequestContext request, McpPostBody? body, CancellationToken cancellationToken)
    {
        if (CheckVersion(request) is { } problem)
        {
            return problem;
        }

        if (await servers.RefusalAsync(request, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        if (body?.Messages is not { } parsed || body.OpensSession)
        {
            return null;
        }

        return CheckSession(request, $"Missing {McpHeaders.SessionId} header: send initialize first, then the session id it returns",
            JsonRpcErrorResult.IdOf(parsed.Messages[0]));
    }

    private static JsonRpcErrorResult? CheckVersion(McpRequestContext request) =>
        request.ProtocolVersionProblem is { } problem
            ? JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem)
            : null;

    /// <summary>An id that could not have been minted here touches no grain.</summary>
    private static JsonRpcErrorResult? CheckSession(McpRequestContext request, string missing, JsonNode? id)
    {
        if (request.SessionId is null)
        {
            return JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, missing, id);
        }

        return SessionIds.IsWellFormed(request.SessionId) ? null : JsonRpcErrorResult.SessionNotFound();
    }
}
