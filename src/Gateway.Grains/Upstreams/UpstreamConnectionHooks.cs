using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>What a connection does with the upstream's unsolicited notifications and requests.</summary>
/// <param name="OnListChanged">tools, resources or prompts list_changed: the catalog must be re-read.</param>
/// <param name="OnSessionNotification">Logging and other session-scoped notifications; null for the shared connection.</param>
/// <param name="Offered">The client capabilities the upstream is told of at initialize (the client's sampling, elicitation, roots); null: none.</param>
/// <param name="OnClientRequest">Carries a request of the upstream's to the client and brings back its answer; null for the shared connection.</param>
public sealed record UpstreamConnectionHooks(
    Action OnListChanged,
    Func<JsonRpcNotification, ValueTask>? OnSessionNotification,
    ClientCapabilities? Offered = null,
    Func<JsonRpcRequest, CancellationToken, Task<JsonRpcMessage>>? OnClientRequest = null)
{
    /// <summary>For a connection opened only to be closed: it hears nothing.</summary>
    public static readonly UpstreamConnectionHooks None = new(() => { }, null);
}
