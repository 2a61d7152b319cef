using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Gateway.TestUpstream.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// <c>--stateless</c>: the upstream speaks 2026-07-28 only. MapMcp in stateless mode still answers
/// an initialize (with a session-less 2025-11-25 exchange), so this middleware in front of it
/// refuses every POST of an initialize-based revision: one whose MCP-Protocol-Version header is
/// older than 2026-07-28, or missing, as it is on an initialize. The answer is 400 with
/// UnsupportedProtocolVersion (-32022) listing 2026-07-28 (SEP-2575), so a dual-path client knows
/// to retry with server/discover and a session-only client fails with an error that says why.
/// </summary>
public sealed class SessionlessOnlyGate(ILogger<SessionlessOnlyGate> logger)
{
    private static readonly string[] s_supported = [ProtocolRevisions.FirstSessionless];

    private static readonly JsonTypeInfo<JsonRpcMessage> s_messageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers[McpHeaders.ProtocolVersion].ToString();
        if (!context.Request.Path.StartsWithSegments(HttpUpstreamHost.EndpointPath) ||
            !HttpMethods.IsPost(context.Request.Method) ||
            ProtocolRevisions.IsSessionless(header))
        {
            await next(context);
            return;
        }

        // The refusal echoes the request's id and names the revision it asked for.
        var message = await ReadMessageAsync(context);
        var requested = header.Length > 0 ? header : InitializeVersion(message) ?? ProtocolRevisions.AssumedWithoutHeader;
        Log.HttpRejected(logger, context.Request.Method, StatusCodes.Status400BadRequest, $"initialize-based protocol version {requested}");
        await JsonRpcErrorResponses.WriteUnsupportedVersionAsync(context, requested, s_supported,
            $"Bad Request: protocol version '{requested}' is not supported: this upstream is stateless and serves only " +
            $"{ProtocolRevisions.FirstSessionless} (server/discover and per-request _meta, no initialize).",
            message is JsonRpcRequest request ? request.Id : default);
    }

    private static async Task<JsonRpcMessage?> ReadMessageAsync(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFromJsonAsync(s_messageTypeInfo, context.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or not a JSON-RPC message: refused all the same, without an id to echo.
            return null;
        }
    }

    private static string? InitializeVersion(JsonRpcMessage? message) =>
        message is JsonRpcRequest { Method: RequestMethods.Initialize, Params: JsonObject parameters } &&
        parameters["protocolVersion"] is JsonValue value && value.TryGetValue(out string? version) && version.Length > 0
            ? version
            : null;
}
