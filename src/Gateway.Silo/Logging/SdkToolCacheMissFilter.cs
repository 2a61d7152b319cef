using Serilog.Core;
using Serilog.Events;

namespace Gateway.Silo.Logging;

/// <summary>
/// Drops one event of the MCP SDK's client, and only that one: "Tool '...' not found in cache
/// during tools/call", a warning its McpClient (ModelContextProtocol.Core 2.4.0) writes on every
/// tools/call over Streamable HTTP whose tool it has not listed itself. The gateway forwards calls
/// by the names in its own catalog, so that line would come once per forwarded call; every other
/// event of the SDK is kept.
/// </summary>
public sealed class SdkToolCacheMissFilter : ILogEventFilter
{
    public const string SourceContext = "ModelContextProtocol.Client.McpClient";

    /// <summary>The SDK declares it with [LoggerMessage] and no event id, so its name is the method's.</summary>
    public const string EventName = "LogToolCacheMiss";

    public bool IsEnabled(LogEvent logEvent) => !(Is(logEvent, "SourceContext", SourceContext) && EventNameOf(logEvent) == EventName);

    private static bool Is(LogEvent logEvent, string property, string value) =>
        logEvent.Properties.TryGetValue(property, out var found) && found is ScalarValue { Value: string text } && text == value;

    private static string? EventNameOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue eventId
            ? eventId.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name } ? name : null
            : null;
}
