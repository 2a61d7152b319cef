using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;

namespace Gateway;

/// <summary>
/// How the contracts of this project cross silos. The gateway's own contracts are
/// [GenerateSerializer] types; the MCP SDK's protocol types inside them (messages, tools, JSON
/// nodes) travel as their JSON, written with the SDK's own options: the bytes on the wire are the
/// UTF-8 JSON the SDK would send anyway. Every process that hosts a silo registers this.
/// </summary>
public static class GatewayWireFormat
{
    public static ISerializerBuilder AddGatewayJson(this ISerializerBuilder serializer)
    {
        // Allowed by name, so that Orleans remembers the verdict: without it, each message's MCP
        // type names are re-inspected by reflection on every read.
        serializer.Services.AddSingleton<ITypeNameFilter, McpTypeNameFilter>();
        return serializer.AddJsonSerializer(IsJsonType, McpJsonUtilities.DefaultOptions);
    }

    /// <summary>MCP protocol types and JSON trees: everything the SDK's source-generated options know.</summary>
    public static bool IsJsonType(Type type) =>
        type.Namespace?.StartsWith("ModelContextProtocol", StringComparison.Ordinal) == true
        || typeof(JsonNode).IsAssignableFrom(type)
        || type == typeof(JsonElement);

    /// <summary>The names of the types <see cref="IsJsonType"/> lets through, from the assemblies that define them; no opinion on any other.</summary>
    private sealed class McpTypeNameFilter : ITypeNameFilter
    {
        private static readonly string SdkAssembly = typeof(McpJsonUtilities).Assembly.GetName().Name!;
        private static readonly string JsonAssembly = typeof(JsonNode).Assembly.GetName().Name!;

        public bool? IsTypeNameAllowed(string typeName, string assemblyName) =>
            (assemblyName == SdkAssembly && typeName.StartsWith("ModelContextProtocol.", StringComparison.Ordinal))
            || (assemblyName == JsonAssembly && (typeName.StartsWith("System.Text.Json.Nodes.", StringComparison.Ordinal) || typeName == "System.Text.Json.JsonElement"))
                ? true
                : null;
    }
}
