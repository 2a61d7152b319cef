using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gateway.Catalog;
using Gateway.Sessions;
using Gateway.Streams;
using Gateway.Tools;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway;

/// <summary>
/// The JSON contracts of every type that crosses silos as a grain argument, result or cluster
/// message, generated at build time. A type missing here fails its first cross-silo call with a
/// message naming it; GrainInterfaceContractTests checks every grain interface method against
/// this list.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonRpcMessage))]
[JsonSerializable(typeof(JsonRpcRequest))]
[JsonSerializable(typeof(JsonRpcNotification))]
[JsonSerializable(typeof(JsonRpcResponse))]
[JsonSerializable(typeof(JsonRpcError))]
[JsonSerializable(typeof(CatalogSnapshot))]
[JsonSerializable(typeof(UpstreamCatalog))]
[JsonSerializable(typeof(CatalogChanges))]
[JsonSerializable(typeof(SessionOpening))]
[JsonSerializable(typeof(SessionInbound))]
[JsonSerializable(typeof(SessionReply))]
[JsonSerializable(typeof(SessionStatus))]
[JsonSerializable(typeof(StreamAddress))]
[JsonSerializable(typeof(RemoteStreamItem))]
[JsonSerializable(typeof(ToolCallSample))]
[JsonSerializable(typeof(ToolCallSample[]))]
[JsonSerializable(typeof(ToolStats))]
[JsonSerializable(typeof(UpstreamDefinition))]
[JsonSerializable(typeof(IReadOnlyList<UpstreamDefinition>))]
[JsonSerializable(typeof(UpstreamRequest))]
[JsonSerializable(typeof(UpstreamReply))]
[JsonSerializable(typeof(UpstreamStatus))]
public sealed partial class GatewayGrainsJsonContext : JsonSerializerContext;
