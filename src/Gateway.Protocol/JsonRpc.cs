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

    /// <summary>A response or error under another id, field for field (an answer relayed between two parties that number their requests each their own way); anything else as it is.</summary>
    public static JsonRpcMessage WithId(JsonRpcMessage answer, RequestId id) => answer switch
    {
        JsonRpcResponse response => new JsonRpcResponse { Id = id, Result = response.Result },
        JsonRpcError error => new JsonRpcError { Id = id, Error = error.Error },
        _ => answer,
    };

    public static T? Params<T>(JsonNode? parameters) =>
        parameters is null ? default : parameters.Deserialize<T>(Options);

    public static JsonRpcNotification Notification(string method, JsonNode? parameters = null) =>
        new() { Method = method, Params = parameters };
}
