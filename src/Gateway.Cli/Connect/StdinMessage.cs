using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Connect;

/// <summary>
/// One line the stdio client wrote. The text goes to the gateway unchanged; the bridge reads only what it must
/// act on: the ids of the requests in it (each is owed an answer on stdout) and its method (the handshake).
/// </summary>
public sealed class StdinMessage
{
    private StdinMessage(string json, IReadOnlyList<JsonNode> requestIds, string? method)
    {
        Json = json;
        RequestIds = requestIds;
        Method = method;
    }

    public string Json { get; }

    /// <summary>The ids of the requests in the line: one for a request, several for a batch, none otherwise.</summary>
    public IReadOnlyList<JsonNode> RequestIds { get; }

    /// <summary>The method of a single request or notification; <see langword="null"/> for a response or a batch.</summary>
    public string? Method { get; }

    public bool IsInitialize => Method == "initialize";

    public bool IsInitializedNotification => Method == "notifications/initialized";

    /// <summary>What the message is, for diagnostics that must not show its content.</summary>
    public string Description => Method ?? (RequestIds.Count > 0 ? "batch" : "response");

    /// <summary>The line as a message, or <see langword="null"/> when it is not JSON at all.</summary>
    public static StdinMessage? TryParse(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }

        return node switch
        {
            JsonObject message => new StdinMessage(line, RequestIdOf(message) is { } id ? [id] : [], MethodOf(message)),
            JsonArray batch => new StdinMessage(line, [.. batch.OfType<JsonObject>().Select(RequestIdOf).OfType<JsonNode>()], null),
            // Not a message, but the gateway's answer to it (-32600) says so better than the bridge could.
            _ => new StdinMessage(line, [], null),
        };
    }

    /// <summary>The key under which answers are matched to requests: the id's JSON text, so 1 and "1" differ.</summary>
    public static string IdKey(JsonNode id) => id.ToJsonString();

    private static string? MethodOf(JsonObject message) =>
        message["method"] is JsonValue method && method.TryGetValue<string>(out var name) ? name : null;

    private static JsonNode? RequestIdOf(JsonObject message) =>
        MethodOf(message) is not null && message["id"] is JsonValue id ? id.DeepClone() : null;
}
