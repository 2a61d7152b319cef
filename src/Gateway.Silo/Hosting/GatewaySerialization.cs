using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;

namespace Gateway.Silo.Hosting;

/// <summary>
/// How grain state reaches storage: System.Text.Json with no .NET type names, so renaming a type
/// never breaks a stored row. (How values cross silos is <see cref="GatewayWireFormat"/>.)
/// </summary>
public static class GatewaySerialization
{
    /// <summary>The SDK's options, plus reflection for the gateway's own state records.</summary>
    public static JsonSerializerOptions StateJson { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(McpJsonUtilities.DefaultOptions.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };
}
