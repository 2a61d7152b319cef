using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

/// <summary>Reading a request's params and turning an upstream's reply into the client's answer.</summary>
public static class JsonRpcParams
{
    public static string? RequiredString(JsonRpcRequest request, string property) => RequiredString(request.Params, property);

    public static string? RequiredString(JsonNode? parameters, string property) =>
        parameters?[property] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>
    /// The request's params with a name swapped for the upstream's own. The message was parsed for
    /// this request alone, so it is changed in place rather than copied (arguments can be large).
    /// </summary>
    public static JsonNode Renamed(JsonRpcRequest request, string property, string value)
    {
        var parameters = request.Params!;
        parameters[property] = value;
        return parameters;
    }

    public static T? TryParse<T>(JsonNode? parameters)
        where T : class
    {
        if (parameters is null)
        {
            return null;
        }

        try
        {
            return JsonRpc.Params<T>(parameters);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonRpcMessage Answer(JsonRpcRequest request, UpstreamReply reply) =>
        reply.Error is { } error ? JsonRpc.Error(request.Id, error) : JsonRpc.RawResult(request.Id, reply.Result);
}
