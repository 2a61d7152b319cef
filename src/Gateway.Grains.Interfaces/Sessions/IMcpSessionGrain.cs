using Gateway.Catalog;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// One MCP session, keyed by its Mcp-Session-Id. It runs the server side of the protocol: the
/// front door on any silo hands it each message and relays its answer. An id that was never
/// initialized, or whose session ended, is answered "not found" at every entry point, with
/// nothing stored and the activation gone as soon as the call ends.
/// </summary>
[Alias("gw.IMcpSessionGrain")]
public interface IMcpSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Handles the initialize request that creates this session: its answer (a result, or an
    /// error for bad params), or <see cref="SessionStatus.LimitReached"/> when the principal may
    /// open no more sessions, in which case nothing is stored.
    /// </summary>
    /// <remarks>SDK messages are marked [Immutable]: Orleans would otherwise deep-copy them (a JSON round trip) even on the grain's own silo.</remarks>
    [Alias("Initialize")]
    Task<SessionReply> InitializeAsync(SessionOpening opening, [Immutable] JsonRpcRequest request);

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

    /// <summary>Ends the session and the upstream sessions it opened, as its idle expiry does.</summary>
    [Alias("Close")]
    Task<SessionStatus> CloseAsync(string? principal);

    /// <summary>A server-to-client notification for this session (from an upstream or the catalog).</summary>
    /// <summary>
    /// A request an upstream session of this session sends the client (sampling/createMessage,
    /// elicitation/create, roots/list): sent on the client's stream under an id of the gateway's,
    /// and answered with the client's response under the upstream's id, or an error when no stream
    /// takes it, the client does not answer in time, or the session ends.
    /// </summary>
    [AlwaysInterleave, Alias("AskClient")]
    Task<JsonRpcMessage> AskClientAsync([Immutable] JsonRpcRequest request, CancellationToken cancellationToken = default);

    [OneWay, Alias("Push")]
    Task PushAsync([Immutable] JsonRpcNotification notification);

    /// <summary>The merged catalog reached a new version: tell the client which lists changed.</summary>
    [OneWay, Alias("NotifyCatalogChanged")]
    Task NotifyCatalogChangedAsync(long version, CatalogChanges changes);
}
