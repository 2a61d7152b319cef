using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Benchmarks.Hosting;

/// <summary>
/// The types the gateway's silos hand to Orleans' System.Text.Json codec (Gateway.Silo's
/// GatewaySerialization): the MCP SDK's protocol types and JSON trees.
/// </summary>
internal static class McpJsonTypes
{
    public static bool IsJsonType(Type type) =>
        type.Namespace?.StartsWith("ModelContextProtocol", StringComparison.Ordinal) == true
        || typeof(JsonNode).IsAssignableFrom(type)
        || type == typeof(JsonElement);
}
