using Gateway.Catalog;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// One MCP session, keyed by its Mcp-Session-Id. It runs the server side of the protocol: the
/// front door on any silo hands it each message and relays its answer.
/// </summary>
[Alias("gw.IMcpSessionGrain")]
public interface IMcpSessionGrain : IGrainWithStringKey
{
    /// <summary>Handles the initialize request that creates this session.</summary>
    /// <remarks>SDK messages are marked [Immutable]: Orleans would otherwise deep-copy them (a JSON round trip) even on the grain's own silo.</remarks>
    [Alias("Initialize")]
    Task<JsonRpcMessage> InitializeAsync(SessionOpening opening, [Immutable] JsonRpcRequest request);

    /// <summary>Handles any later message (request, notification or response) of the session.</summary>
    [AlwaysInterleave, Alias("Handle")]
    Task<SessionReply> HandleAsync(SessionInbound inbound, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the client's standalone GET stream, replacing any earlier one. With the
    /// Last-Event-ID of an earlier stream, replays what that stream missed.
    /// </summary>
    [Alias("AttachStream")]
    Task<SessionStatus> AttachStreamAsync(string? principal, StreamAddress stream, string? lastEventId = null);

    /// <summary>
    /// The silo holding the standalone stream says it is still open (on each keep-alive): a session
    /// re-activated elsewhere, which forgot its stream, learns it again.
    /// </summary>
    [AlwaysInterleave, OneWay, Alias("KeepStream")]
    Task KeepStreamAsync(StreamAddress stream);

    [Alias("DetachStream")]
    Task DetachStreamAsync(StreamAddress stream);

    /// <summary>Ends the session and the upstream sessions it opened.</summary>
    [Alias("Close")]
    Task<SessionStatus> CloseAsync(string? principal);

    /// <summary>A server-to-client notification for this session (from an upstream or the catalog).</summary>
    [OneWay, Alias("Push")]
    Task PushAsync([Immutable] JsonRpcNotification notification);

    /// <summary>The merged catalog reached a new version: tell the client which lists changed.</summary>
    [OneWay, Alias("NotifyCatalogChanged")]
    Task NotifyCatalogChangedAsync(long version, CatalogChanges changes);
}
