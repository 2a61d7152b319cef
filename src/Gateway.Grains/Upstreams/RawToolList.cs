using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// An upstream's tools/list read as raw JSON, page by page: the SDK's Tool drops a tool's
/// <c>execution</c> (MCP 2025-11-25, tasks "Tool-Level Negotiation"), which the gateway must show
/// its clients and check task-augmented calls against. Each tool is still parsed into the SDK's
/// Tool for everything else the catalog does with it.
/// </summary>
public static class RawToolList
{
    /// <summary>Far more pages than any real server sends; an upstream that keeps answering with a next cursor stops here.</summary>
    private const int MaxPages = 1000;

    public static async Task<(List<Tool> Tools, Dictionary<string, string> Execution)> ReadAsync(McpClient client, CancellationToken cancellationToken)
    {
        var tools = new List<Tool>();
        var execution = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = cursor is null ? null : new JsonObject { ["cursor"] = cursor };
            var response = await client.SendRequestAsync(
                new JsonRpcRequest { Method = RequestMethods.ToolsList, Params = parameters }, cancellationToken);
            if (response.Result?["tools"] is JsonArray listed)
            {
                foreach (var node in listed.OfType<JsonObject>())
                {
                    var tool = node.Deserialize<Tool>(JsonRpc.Options) ?? throw new JsonException("tools/list listed a null tool");
                    tools.Add(tool);
                    if (node["execution"] is JsonObject declared)
                    {
                        execution[tool.Name] = declared.ToJsonString();
                    }
                }
            }

            cursor = response.Result?["nextCursor"] is JsonValue next && next.TryGetValue<string>(out var text) ? text : null;
            if (cursor is null)
            {
                break;
            }
        }

        return (tools, execution);
    }
}
