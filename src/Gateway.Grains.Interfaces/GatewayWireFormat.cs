using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using Orleans.Serialization;

namespace Gateway;

/// <summary>
/// How the contracts of this project cross silos. The gateway's own contracts are
/// [GenerateSerializer] types; the MCP SDK's protocol types inside them (messages, tools, JSON
/// nodes) travel as their JSON, written with the SDK's own options: the bytes on the wire are the
/// UTF-8 JSON the SDK would send anyway. Every process that hosts a silo registers this.
/// </summary>
public static class GatewayWireFormat
{
    public static ISerializerBuilder AddGatewayJson(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(IsJsonType, McpJsonUtilities.DefaultOptions);

    /// <summary>MCP protocol types and JSON trees: everything the SDK's source-generated options know.</summary>
    public static bool IsJsonType(Type type) =>
        type.Namespace?.StartsWith("ModelContextProtocol", StringComparison.Ordinal) == true
        || typeof(JsonNode).IsAssignableFrom(type)
        || type == typeof(JsonElement);
}
