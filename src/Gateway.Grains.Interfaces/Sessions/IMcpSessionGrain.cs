using Gateway.Runtime;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// One MCP session, keyed by its Mcp-Session-Id. It runs the server side of the protocol: the
/// front door on any silo hands it each message and relays its answer.
/// </summary>
[GrainType("session")]
public interface IMcpSessionGrain : IGrainWithStringKey
{
    /// <summary>Handles the initialize request that creates this session.</summary>
    Task<JsonRpcMessage> InitializeAsync(SessionOpening opening, JsonRpcRequest request);

    /// <summary>Handles any later message (request, notification or response) of the session.</summary>
    [AlwaysInterleave]
    Task<SessionReply> HandleAsync(SessionInbound inbound, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the client's standalone GET stream, replacing any earlier one. With the
    /// Last-Event-ID of an earlier stream, replays what that stream missed.
    /// </summary>
    Task<SessionStatus> AttachStreamAsync(string? principal, StreamAddress stream, string? lastEventId = null);

    Task DetachStreamAsync(StreamAddress stream);

    /// <summary>Ends the session and the upstream sessions it opened.</summary>
    Task<SessionStatus> CloseAsync(string? principal);

    /// <summary>A server-to-client notification for this session (from an upstream or the catalog).</summary>
    [OneWay]
    Task PushAsync(JsonRpcNotification notification);

    /// <summary>The merged catalog reached a new version: tell the client which lists changed.</summary>
    [OneWay]
    Task NotifyCatalogChangedAsync(long version, Catalog.CatalogChanges changes);
}
