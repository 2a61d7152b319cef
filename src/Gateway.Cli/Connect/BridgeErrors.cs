using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace Gateway.Cli.Connect;

/// <summary>
/// JSON-RPC errors the bridge writes itself for a request the gateway could not answer, so the stdio client
/// is never left waiting. <c>data.httpStatus</c> carries the gateway's status when there was one.
/// </summary>
public static class BridgeErrors
{
    public static JsonObject For(JsonNode id, string message, HttpStatusCode? status = null, int code = (int)McpErrorCode.InternalError)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (status is { } httpStatus)
        {
            error["data"] = new JsonObject { ["httpStatus"] = (int)httpStatus };
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["error"] = error };
    }

    /// <summary>JSON-RPC 2.0's answer to a line that is not JSON: -32700 with a null id, as no id could be read.</summary>
    public static JsonObject ParseError() => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = null,
        ["error"] = new JsonObject
        {
            ["code"] = (int)McpErrorCode.ParseError,
            ["message"] = "the line is not JSON: the stdio transport takes one JSON-RPC message per line",
        },
    };
}
