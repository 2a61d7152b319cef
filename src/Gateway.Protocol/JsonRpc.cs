using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Protocol;

/// <summary>Small constructors for JSON-RPC answers, serialized with the SDK's options.</summary>
public static class JsonRpc
{
    public static JsonSerializerOptions Options => McpJsonUtilities.DefaultOptions;

    public static JsonRpcResponse Result<T>(RequestId id, T result) =>
        new() { Id = id, Result = JsonSerializer.SerializeToNode(result, Options) };

    public static JsonRpcResponse RawResult(RequestId id, JsonNode? result) =>
        new() { Id = id, Result = result ?? new JsonObject() };

    public static JsonRpcError Error(RequestId id, int code, string message, JsonNode? data = null) =>
        new() { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data } };

    public static JsonRpcError Error(RequestId id, JsonRpcErrorDetail detail) => new() { Id = id, Error = detail };

    public static T? Params<T>(JsonNode? parameters) =>
        parameters is null ? default : parameters.Deserialize<T>(Options);

    public static JsonRpcNotification Notification(string method, JsonNode? parameters = null) =>
        new() { Method = method, Params = parameters };
}
