using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.JsonRpcParsing;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.StreamableHttp;

/// <summary>HTTP answers of the MCP endpoints: a status plus a JSON-RPC body that says what was wrong.</summary>
public static class McpHttpResults
{
    /// <summary>The code MCP servers commonly use with 404 for an unknown session.</summary>
    public const int SessionNotFoundCode = -32001;

    public static Task ErrorAsync(HttpContext context, int status, int code, string message, JsonNode? id = null) =>
        JsonAsync(context, status, JsonRpcBodyParser.ErrorBody(id, code, message));

    public static Task ErrorAsync(HttpContext context, int status, JsonObject body) => JsonAsync(context, status, body);

    public static Task RefusedAsync(HttpContext context, SessionReply reply, JsonNode? id = null) => reply.Status switch
    {
        SessionStatus.ProtocolMismatch => ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
            reply.Detail ?? "Protocol version mismatch", id),
        _ => ErrorAsync(context, StatusCodes.Status404NotFound, SessionNotFoundCode, reply.Detail ?? "Session not found", id),
    };

    public static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static async Task MessagesAsync(HttpContext context, IReadOnlyList<JsonRpcMessage> messages, bool asArray)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        if (asArray)
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, messages, JsonRpc.Options, context.RequestAborted);
        }
        else
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, messages[0], JsonRpc.Options, context.RequestAborted);
        }
    }

    public static JsonNode? IdOf(JsonRpcMessage message) =>
        message is JsonRpcMessageWithId { Id: var id } ? JsonSerializer.SerializeToNode(id, JsonRpc.Options) : null;
}
