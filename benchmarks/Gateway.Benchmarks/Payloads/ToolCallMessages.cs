using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Benchmarks.Payloads;

/// <summary>
/// A tools/call request as a client sends it to the gateway (MCP 2025-11-25, "Calling Tools"),
/// with about 1 KiB of arguments: a search tool given a query, filters and a paragraph of text.
/// </summary>
public static class ToolCallMessages
{
    /// <summary>The size of the arguments object, in bytes of UTF-8 JSON.</summary>
    public const int ArgumentsBytes = 1024;

    private const string Prose =
        "The upstream times out when the client sends a tools/call while a previous call on the same session is still streaming. ";

    public static JsonTypeInfo<JsonRpcRequest> RequestJson { get; } =
        (JsonTypeInfo<JsonRpcRequest>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcRequest));

    public static JsonRpcRequest CreateRequest()
    {
        var arguments = new JsonObject
        {
            ["repository"] = "modelcontextprotocol/csharp-sdk",
            ["query"] = "is:open label:bug streamable http timeout",
            ["labels"] = new JsonArray("bug", "transport", "needs-repro"),
            ["state"] = "open",
            ["page"] = 1,
            ["perPage"] = 50,
            ["includeComments"] = true,
            ["body"] = "",
        };
        var unpadded = Encoding.UTF8.GetByteCount(arguments.ToJsonString());
        arguments["body"] = Text(Math.Max(0, ArgumentsBytes - unpadded));

        return new JsonRpcRequest
        {
            Id = new RequestId(42),
            Method = RequestMethods.ToolsCall,
            Params = new JsonObject
            {
                ["name"] = "github__search_issues",
                ["arguments"] = arguments,
                ["_meta"] = new JsonObject { ["progressToken"] = "f3b6c1d2-tools-call-42" },
            },
        };
    }

    public static byte[] ToUtf8(JsonRpcRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, RequestJson);

    public static JsonRpcRequest FromUtf8(byte[] utf8) =>
        JsonSerializer.Deserialize(utf8, RequestJson) ?? throw new JsonException("the request is JSON null");

    /// <summary>What the receiving grain reads of a request: the tool's arguments, one by one.</summary>
    public static int CountArguments(JsonRpcRequest request) =>
        request.Params?["arguments"] is JsonObject arguments ? arguments.Count : 0;

    private static string Text(int length)
    {
        var text = new StringBuilder(length + Prose.Length);
        while (text.Length < length)
        {
            text.Append(Prose);
        }

        return text.ToString(0, length);
    }
}
