using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.JsonRpcParsing;

/// <summary>
/// Checks a POST body against JSON-RPC 2.0 before the SDK's converter sees it, so every malformed
/// message gets the precise error code: -32700 for JSON that does not parse, -32600 for a message
/// that is not a valid request, notification or response, -32602 for params that are not an object.
/// The body is parsed once into a pooled JsonDocument; messages are read from its elements.
/// </summary>
public static class JsonRpcBodyParser
{
    public static ParsedBody Parse(ReadOnlyMemory<byte> body, int maxDepth)
    {
        // JSON text is UTF-8 (RFC 8259); JsonDocument checks string contents only when they are
        // read, which would fail later, past the point where a parse error can be answered.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.ParseError, "Parse error: the body is not valid UTF-8"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException ex)
        {
            return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.ParseError, $"Parse error: {ex.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    var (one, problem) = Single(root);
                    return problem is null ? new ParsedBody([one!], false, null) : ParsedBody.Failed(problem);
                case JsonValueKind.Array when root.GetArrayLength() == 0:
                    return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: empty batch"));
                case JsonValueKind.Array:
                    var messages = new List<JsonRpcMessage>(root.GetArrayLength());
                    foreach (var item in root.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            return ParsedBody.Failed(ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: every batch item must be a JSON object"));
                        }

                        var (message, error) = Single(item);
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
    }

    /// <summary>A JSON-RPC error object; <paramref name="id"/> is null when the request's id is unknown.</summary>
    public static JsonObject ErrorBody(JsonNode? id, int code, string message) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    private static (JsonRpcMessage? Message, JsonObject? Error) Single(JsonElement obj)
    {
        var hasId = obj.TryGetProperty("id", out var id);
        var validId = hasId && id.ValueKind is JsonValueKind.String or JsonValueKind.Number;

        // Only error answers echo the id, so it is copied out of the document only for them.
        JsonNode? EchoId() => validId ? JsonNode.Parse(id.GetRawText()) : null;

        if (!obj.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || !version.ValueEquals("2.0"))
        {
            return (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidRequest, "Invalid Request: 'jsonrpc' must be \"2.0\""));
        }

        if (hasId && !validId)
        {
            return (null, ErrorBody(null, GatewayErrorCodes.InvalidRequest, "Invalid Request: 'id' must be a string or a number"));
        }

        if (obj.TryGetProperty("method", out var method))
        {
            if (method.ValueKind != JsonValueKind.String || method.ValueEquals(""))
            {
                return (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidRequest, "Invalid Request: 'method' must be a non-empty string"));
            }

            if (obj.TryGetProperty("params", out var parameters) && parameters.ValueKind != JsonValueKind.Object)
            {
                return (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidParams, "Invalid params: 'params' must be an object"));
            }
        }
        else if (!validId || !(obj.TryGetProperty("result", out _) ^ obj.TryGetProperty("error", out _)))
        {
            return (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidRequest,
                "Invalid Request: a message needs 'method' (request or notification), or 'id' with 'result' or 'error' (response)"));
        }

        try
        {
            var message = obj.Deserialize<JsonRpcMessage>(JsonRpc.Options);
            return message is null
                ? (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidRequest, "Invalid Request"))
                : (message, null);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (null, ErrorBody(EchoId(), GatewayErrorCodes.InvalidRequest, $"Invalid Request: {ex.Message}"));
        }
    }
}
