using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>What a connection does with the upstream's unsolicited notifications.</summary>
/// <param name="OnListChanged">tools, resources or prompts list_changed: the catalog must be re-read.</param>
/// <param name="OnSessionNotification">Logging and other session-scoped notifications; null for the shared connection.</param>
public sealed record UpstreamConnectionHooks(
    Action OnListChanged,
    Func<JsonRpcNotification, ValueTask>? OnSessionNotification)
{
    /// <summary>For a connection opened only to be closed: it hears nothing.</summary>
    public static readonly UpstreamConnectionHooks None = new(() => { }, null);
}
