using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.JsonRpcParsing;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.Answers;

/// <summary>How the front door refuses a request: an HTTP status with a JSON-RPC error body that says what was wrong.</summary>
public sealed class JsonRpcErrorResult : IResult
{
    private readonly JsonObject _body;

    private JsonRpcErrorResult(int statusCode, JsonObject body)
    {
        StatusCode = statusCode;
        _body = body;
    }

    public int StatusCode { get; }

    /// <summary><paramref name="id"/> is the refused request's id, when it is known.</summary>
    public static JsonRpcErrorResult Of(int statusCode, int code, string message, JsonNode? id = null) =>
        new(statusCode, JsonRpcBodyParser.ErrorBody(id, code, message));

    /// <summary>An error body made elsewhere, such as the body parser's.</summary>
    public static JsonRpcErrorResult Of(int statusCode, JsonObject body) => new(statusCode, body);

    /// <summary>Unknown, ended and foreign sessions look alike, so that ids cannot be probed.</summary>
    public static JsonRpcErrorResult SessionNotFound() => Refused(new SessionReply(SessionStatus.NotFound));

    public static JsonRpcErrorResult Refused(SessionReply reply, JsonNode? id = null)
    {
        var refusal = SessionRefusal.Of(reply);
        return Of(refusal.StatusCode, refusal.Code, refusal.Message, id);
    }

    /// <summary>The id an error about <paramref name="message"/> echoes; null for a notification.</summary>
    public static JsonNode? IdOf(JsonRpcMessage message) =>
        message is JsonRpcMessageWithId { Id: var id } ? JsonSerializer.SerializeToNode(id, JsonRpc.Options) : null;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = "application/json";
        await httpContext.Response.WriteAsync(_body.ToJsonString(), httpContext.RequestAborted);
    }
}
