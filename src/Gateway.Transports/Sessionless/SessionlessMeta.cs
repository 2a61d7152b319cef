using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Sessions;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.Sessionless;

/// <summary>
/// What a 2026-07-28 request declares about its client in its _meta: the features an upstream may
/// ask it for (sampling, elicitation, roots), the log level it wants, who it is. The SDK checked
/// that the keys the revision requires are there.
/// </summary>
/// <param name="Offers">The client's sampling, elicitation and roots capabilities as it declared them, as JSON; null when none.</param>
/// <param name="OffersKey">Which of the three it declared, in a fixed order: part of its session's key.</param>
public sealed record SessionlessMeta(string? Offers, string OffersKey, LoggingLevel? LogLevel, SessionClient? Client)
{
    private static readonly string[] Asked = ["sampling", "elicitation", "roots"];

    public static SessionlessMeta Of(JsonRpcRequest request)
    {
        var meta = request.Params?["_meta"] as JsonObject;
        var declared = meta?[MetaKeys.ClientCapabilities] as JsonObject;
        var offers = new JsonObject();
        foreach (var feature in Asked)
        {
            if (declared?[feature] is JsonObject capability)
            {
                offers[feature] = capability.DeepClone();
            }
        }

        var level = meta?[MetaKeys.LogLevel] is JsonValue levelValue && levelValue.TryGetValue<string>(out var levelText)
            && Enum.TryParse<LoggingLevel>(levelText, ignoreCase: true, out var parsed)
            ? parsed
            : (LoggingLevel?)null;
        var client = meta?[MetaKeys.ClientInfo] is JsonObject info && info["name"] is JsonValue name && name.TryGetValue<string>(out var clientName)
            ? new SessionClient(clientName, info["version"] is JsonValue version && version.TryGetValue<string>(out var v) ? v : "")
            : null;
        return new SessionlessMeta(
            offers.Count == 0 ? null : offers.ToJsonString(),
            string.Join(',', offers.Select(o => o.Key)),
            level,
            client);
    }

    /// <summary>
    /// A listen stream's copy of a notification, tagged with the listen request's id (MCP
    /// "Subscriptions"): the same notification may go to other streams, so it is not changed.
    /// </summary>
    public static JsonRpcNotification TagSubscription(JsonRpcNotification notification, RequestId listenId)
    {
        var parameters = notification.Params?.DeepClone() as JsonObject ?? [];
        if (parameters["_meta"] is not JsonObject meta)
        {
            meta = [];
            parameters["_meta"] = meta;
        }

        meta[MetaKeys.SubscriptionId] = JsonSerializer.SerializeToNode(listenId, Protocol.JsonRpc.Options);
        return new JsonRpcNotification { Method = notification.Method, Params = parameters };
    }
}
