using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// What a session-less (2026-07-28) request's params carry beside the method's own: the
/// per-request _meta of the revision, and on a retry its inputResponses and requestState. The
/// upstream gets none of them: it speaks a revision whose session already says all that.
/// </summary>
public static class SessionlessParams
{
    /// <summary>The _meta keys MCP reserves for itself (io.modelcontextprotocol/protocolVersion, clientCapabilities, ...).</summary>
    private const string ReservedMetaPrefix = "io.modelcontextprotocol/";

    /// <summary>The requests that may answer with an input-required result (MCP "Multi Round-Trip Requests").</summary>
    public static bool TakesInput(string method) =>
        method is RequestMethods.ToolsCall or RequestMethods.PromptsGet or RequestMethods.ResourcesRead;

    public static JsonNode? ForUpstream(JsonObject? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        var copy = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            if (key is "inputResponses" or "requestState")
            {
                continue;
            }

            if (key == "_meta" && value is JsonObject meta)
            {
                var kept = new JsonObject();
                foreach (var (metaKey, metaValue) in meta)
                {
                    if (!metaKey.StartsWith(ReservedMetaPrefix, StringComparison.Ordinal))
                    {
                        kept[metaKey] = metaValue?.DeepClone();
                    }
                }

                if (kept.Count > 0)
                {
                    copy[key] = kept;
                }

                continue;
            }

            copy[key] = value?.DeepClone();
        }

        return copy;
    }

    /// <summary>The tool or prompt name, or the resource URI, that the request is about.</summary>
    public static string? NameOf(JsonObject? parameters) =>
        (parameters?["name"] ?? parameters?["uri"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string? RequestState(JsonObject? parameters) =>
        parameters?["requestState"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A log message's level; one the gateway cannot read counts as the most severe, so it is not lost.</summary>
    public static LoggingLevel LevelOf(JsonRpcNotification notification) =>
        notification.Params?["level"] is JsonValue value && value.TryGetValue<string>(out var text)
            && Enum.TryParse<LoggingLevel>(text, ignoreCase: true, out var level)
            ? level
            : LoggingLevel.Emergency;

    /// <summary>Whether a listen stream's filter asks for the notification.</summary>
    public static bool Wants(ListenFilter filter, JsonRpcNotification notification) => notification.Method switch
    {
        NotificationMethods.ToolListChangedNotification => filter.Tools,
        NotificationMethods.PromptListChangedNotification => filter.Prompts,
        NotificationMethods.ResourceListChangedNotification => filter.Resources,
        NotificationMethods.ResourceUpdatedNotification =>
            notification.Params?["uri"] is JsonValue uri && uri.TryGetValue<string>(out var text) && filter.ResourceUris.Contains(text, StringComparer.Ordinal),
        _ => false,
    };
}
