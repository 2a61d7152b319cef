using System.Text.Json;
using Gateway.Protocol;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.Answers;

/// <summary>A plain JSON answer: one JSON-RPC message, or the array that answers a batch (revision 2025-03-26).</summary>
public sealed class JsonRpcMessagesResult : IResult
{
    private readonly IReadOnlyList<JsonRpcMessage> _messages;
    private readonly bool _asArray;

    private JsonRpcMessagesResult(IReadOnlyList<JsonRpcMessage> messages, bool asArray)
    {
        _messages = messages;
        _asArray = asArray;
    }

    public static JsonRpcMessagesResult One(JsonRpcMessage message) => new([message], asArray: false);

    public static JsonRpcMessagesResult Batch(IReadOnlyList<JsonRpcMessage> messages) => new(messages, asArray: true);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        if (_asArray)
        {
            await JsonSerializer.SerializeAsync(response.Body, _messages, JsonRpc.Options, httpContext.RequestAborted);
        }
        else
        {
            await JsonSerializer.SerializeAsync(response.Body, _messages[0], JsonRpc.Options, httpContext.RequestAborted);
        }
    }
}
