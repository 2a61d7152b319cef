using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// The /mcp endpoint of the Streamable HTTP transport (MCP 2025-11-25 "Transports > Streamable
/// HTTP"): POST carries client messages, GET opens the standalone SSE stream, DELETE ends the
/// session. The SDK's transport does the message work; this class does the HTTP part the SDK's
/// ASP.NET Core package would otherwise do (session ids, status codes, headers).
/// </summary>
public sealed class StreamableHttpEndpoint(
    HttpSessionStore sessions,
    IHostApplicationLifetime lifetime,
    ILogger<StreamableHttpEndpoint> logger)
{
    private static readonly JsonTypeInfo<JsonRpcMessage> s_messageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_eventStream = new("text/event-stream");

    public async Task HandlePostAsync(HttpContext context)
    {
        if (!Accepts(context, s_json) || !Accepts(context, s_eventStream))
        {
            await RejectAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept both application/json and text/event-stream.");
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await context.Request.ReadFromJsonAsync(s_messageTypeInfo, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, $"Parse error: {ex.Message}", (int)McpErrorCode.ParseError);
            return;
        }

        if (message is null)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Bad Request: the body is not a JSON-RPC message.", (int)McpErrorCode.InvalidRequest);
            return;
        }

        var requestId = message is JsonRpcRequest request ? request.Id : default;
        var version = ProtocolVersionHeader(context);
        if (version.Length > 0)
        {
            if (!ProtocolRevisions.IsKnown(version))
            {
                await JsonRpcErrorResponses.WriteUnsupportedVersionAsync(context, version, ProtocolRevisions.All, requestId);
                return;
            }

            if (ProtocolRevisions.IsSessionless(version))
            {
                // A 2026-07-28 client probes with server/discover first; this 400 sends it back to initialize.
                Log.HttpRejected(logger, "POST", StatusCodes.Status400BadRequest, $"sessionless protocol version {version}");
                await JsonRpcErrorResponses.WriteUnsupportedVersionAsync(context, version, ProtocolRevisions.WithSessions, requestId);
                return;
            }

            (message.Context ??= new()).ProtocolVersion = version;
        }

        var session = await ResolvePostSessionAsync(context, message, requestId);
        if (session is null)
        {
            return;
        }

        // A cancelled request gets no response (MCP "Cancellation"), so its POST stream stays open
        // until the client leaves; it must not also hold up shutdown.
        using var requestLifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.Headers[McpHeaders.SessionId] = session.Id;
        PrepareEventStream(context);
        try
        {
            var wroteResponse = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, requestLifetime.Token);
            if (!wroteResponse)
            {
                // Notifications and responses: 202 Accepted with no body.
                context.Response.Headers.ContentType = default;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (OperationCanceledException) when (requestLifetime.IsCancellationRequested)
        {
            // The client went away or the process is stopping; nothing left to answer.
        }
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        if (await RejectSessionlessAsync(context))
        {
            return;
        }

        if (!Accepts(context, s_eventStream))
        {
            await RejectAsync(context, StatusCodes.Status406NotAcceptable, "Not Acceptable: the client must accept text/event-stream.");
            return;
        }

        var session = await ResolveExistingSessionAsync(context);
        if (session is null)
        {
            return;
        }

        if (!session.TryStartGetStream())
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Bad Request: this session already has its standalone GET stream.");
            return;
        }

        // The GET stream lives until the client leaves or the process stops; it must not hold up shutdown.
        using var streamLifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.Headers[McpHeaders.SessionId] = session.Id;
        PrepareEventStream(context);
        try
        {
            // Send the headers now: the first event may be a long time coming.
            await context.Response.Body.FlushAsync(streamLifetime.Token);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, streamLifetime.Token);
        }
        catch (OperationCanceledException) when (streamLifetime.IsCancellationRequested)
        {
        }
    }

    public async Task HandleDeleteAsync(HttpContext context)
    {
        if (await RejectSessionlessAsync(context))
        {
            return;
        }

        var session = await ResolveExistingSessionAsync(context);
        if (session is null)
        {
            return;
        }

        await sessions.CloseAsync(session.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task<HttpMcpSession?> ResolvePostSessionAsync(HttpContext context, JsonRpcMessage message, RequestId requestId)
    {
        if (SessionIdHeader(context).Length > 0)
        {
            return await ResolveExistingSessionAsync(context, requestId);
        }

        if (message is JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            return sessions.Create();
        }

        await RejectAsync(context, StatusCodes.Status400BadRequest,
            "Bad Request: Mcp-Session-Id header is required; only an initialize request may start a session.", id: requestId);
        return null;
    }

    private async Task<HttpMcpSession?> ResolveExistingSessionAsync(HttpContext context, RequestId requestId = default)
    {
        var sessionId = SessionIdHeader(context);
        if (sessionId.Length == 0)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Bad Request: Mcp-Session-Id header is required.", id: requestId);
            return null;
        }

        if (!sessions.TryGet(sessionId, out var session))
        {
            // MCP "Session Management": an unknown or terminated session is 404, which tells the client to re-initialize.
            await RejectAsync(context, StatusCodes.Status404NotFound, "Session not found", JsonRpcErrorResponses.SessionNotFound, requestId);
            return null;
        }

        return session;
    }

    /// <summary>GET and DELETE do not exist in the sessionless 2026-07-28 revision.</summary>
    private async Task<bool> RejectSessionlessAsync(HttpContext context)
    {
        var version = ProtocolVersionHeader(context);
        if (version.Length == 0 || !ProtocolRevisions.IsSessionless(version))
        {
            return false;
        }

        context.Response.Headers.Allow = HttpMethods.Post;
        await RejectAsync(context, StatusCodes.Status405MethodNotAllowed, $"Method Not Allowed under protocol version '{version}'.");
        return true;
    }

    private Task RejectAsync(HttpContext context, int statusCode, string message, int code = JsonRpcErrorResponses.ServerError, RequestId id = default)
    {
        Log.HttpRejected(logger, context.Request.Method, statusCode, message);
        return JsonRpcErrorResponses.WriteAsync(context, statusCode, code, message, id);
    }

    private static bool Accepts(HttpContext context, MediaTypeHeaderValue mediaType) =>
        context.Request.GetTypedHeaders().Accept.Any(accepted => mediaType.IsSubsetOf(accepted));

    private static string SessionIdHeader(HttpContext context) => context.Request.Headers[McpHeaders.SessionId].ToString();

    private static string ProtocolVersionHeader(HttpContext context) => context.Request.Headers[McpHeaders.ProtocolVersion].ToString();

    private static void PrepareEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }
}
