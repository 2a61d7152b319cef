using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using Orleans.Serialization;

namespace Gateway.Silo.Hosting;

/// <summary>
/// How the gateway's values cross silos and reach storage. The gateway's own contracts are
/// [GenerateSerializer] types; the MCP SDK's protocol types inside them (messages, tools, JSON
/// nodes) travel as their JSON, written once with the SDK's own options: the bytes on the wire are
/// the UTF-8 JSON the SDK would send anyway. Grain state is stored as System.Text.Json with no .NET
/// type names, so renaming a type never breaks a stored row.
/// </summary>
public static class GatewaySerialization
{
    /// <summary>The SDK's options, plus reflection for the gateway's own state records.</summary>
    public static JsonSerializerOptions StateJson { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(McpJsonUtilities.DefaultOptions.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    public static ISerializerBuilder AddGatewayJson(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(IsJsonType, McpJsonUtilities.DefaultOptions);

    /// <summary>MCP protocol types and JSON trees: everything the SDK's source-generated options know.</summary>
    public static bool IsJsonType(Type type) =>
        type.Namespace?.StartsWith("ModelContextProtocol", StringComparison.Ordinal) == true
        || typeof(JsonNode).IsAssignableFrom(type)
        || type == typeof(JsonElement);
}
