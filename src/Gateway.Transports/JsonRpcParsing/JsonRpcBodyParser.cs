using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.JsonRpcParsing;

/// <summary>
/// Checks a POST body against JSON-RPC 2.0 before the SDK's converter sees it, so every malformed
/// message gets the precise error code: -32700 for JSON that does not parse, -32600 for a message
/// that is not a valid request, notification or response, -32602 for params that are not an object.
/// </summary>
public static class JsonRpcBodyParser
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    public static ParsedBody Parse(ReadOnlyMemory<byte> body, int maxDepth)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span, NodeOptions, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException ex)
        {
            return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.ParseError, $"Parse error: {ex.Message}"));
        }

        switch (root)
        {
            case JsonObject single:
                var (one, problem) = Single(single);
                return problem is null ? new ParsedBody([one!], false, null) : ParsedBody.Failed(problem);
            case JsonArray { Count: 0 }:
                return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: empty batch"));
            case JsonArray batch:
                var messages = new List<JsonRpcMessage>(batch.Count);
                foreach (var item in batch)
                {
                    if (item is not JsonObject obj)
                    {
                        return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: every batch item must be a JSON object"));
                    }

                    var (message, error) = Single(obj);
                    if (error is not null)
                    {
                        return ParsedBody.Failed(error);
                    }

                    messages.Add(message!);
                }

                return new ParsedBody(messages, true, null);
            default:
                return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: expected a JSON-RPC object"));
        }
    }

    /// <summary>A JSON-RPC error object; <paramref name="id"/> is null when the request's id is unknown.</summary>
    public static JsonObject ErrorBody(JsonNode? id, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    private static (JsonRpcMessage? Message, JsonObject? Error) Single(JsonObject obj)
    {
        var id = obj["id"];
        var validId = id is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number;
        JsonNode? echoId = validId ? id : null;

        if (obj["jsonrpc"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
        {
            return (null, ErrorBody(echoId, GatewayErrorCodes.InvalidRequest, "Invalid Request: 'jsonrpc' must be \"2.0\""));
        }

        if (obj.ContainsKey("id") && !validId)
        {
            return (null, ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: 'id' must be a string or a number"));
        }

        if (obj.ContainsKey("method"))
        {
            if (obj["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String || method.GetValue<string>().Length == 0)
            {
                return (null, ErrorBody(echoId, GatewayErrorCodes.InvalidRequest, "Invalid Request: 'method' must be a non-empty string"));
            }

            if (obj.ContainsKey("params") && obj["params"] is not JsonObject)
            {
                return (null, ErrorBody(echoId, GatewayErrorCodes.InvalidParams, "Invalid params: 'params' must be an object"));
            }
        }
        else if (!validId || !(obj.ContainsKey("result") ^ obj.ContainsKey("error")))
        {
            return (null, ErrorBody(echoId, GatewayErrorCodes.InvalidRequest,
                "Invalid Request: a message needs 'method' (request or notification), or 'id' with 'result' or 'error' (response)"));
        }

        try
        {
            var message = obj.Deserialize<JsonRpcMessage>(JsonRpc.Options);
            return message is null
                ? (null, ErrorBody(echoId, GatewayErrorCodes.InvalidRequest, "Invalid Request"))
                : (message, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (null, ErrorBody(echoId, GatewayErrorCodes.InvalidRequest, $"Invalid Request: {ex.Message}"));
        }
    }
}
