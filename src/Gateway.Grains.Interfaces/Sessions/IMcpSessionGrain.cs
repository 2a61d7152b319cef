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

    /// <summary>
    /// GET /sse (the 2024-11-05 HTTP+SSE transport): binds this fresh id to the client's SSE stream
    /// and counts it under the principal's cap, before any initialize, since the stream is the
    /// session's whole life. <see cref="SessionStatus.LimitReached"/> when the principal may open no more.
    /// </summary>
    [Alias("OpenLegacyStream")]
    Task<SessionReply> OpenLegacyStreamAsync(SessionOpening opening, StreamAddress stream);

    /// <summary>
    /// POST /messages: checks the message at once and answers whether the session takes it; a
    /// request runs on and its answer goes to the session's SSE stream, not to the POST.
    /// </summary>
    [AlwaysInterleave, Alias("PostLegacy")]
    Task<SessionReply> PostLegacyAsync(SessionInbound inbound);

    /// <summary>
    /// The SSE stream's keep-alive: false when the session is gone (ended, expired, or never
    /// initialized in time), so its silo closes the stream and the client learns the session is over.
    /// </summary>
    [AlwaysInterleave, Alias("KeepLegacyStream")]
    Task<bool> KeepLegacyStreamAsync(StreamAddress stream);

    /// <summary>The SSE stream closed: the session ends at once, as DELETE ends it.</summary>
    [Alias("CloseLegacyStream")]
    Task CloseLegacyStreamAsync();

    /// <summary>
    /// A request of the session-less revision (2026-07-28): the first opens this session (keyed by
    /// <see cref="SessionIds.Sessionless"/>), with no initialize and no place under the principal's
    /// cap, which one session per principal, server and offer does not need. Its answer may be an
    /// input-required result, when an upstream asks the client something while the request runs;
    /// the client's retry with the answers continues the same upstream call.
    /// </summary>
    [AlwaysInterleave, Alias("HandleSessionless")]
    Task<SessionReply> HandleSessionlessAsync(SessionlessInbound inbound, CancellationToken cancellationToken = default);

    /// <summary>
    /// subscriptions/listen: the stream takes the change notifications its filter names (list
    /// changes, updates of the listed resources) until <see cref="StopListeningAsync"/>; the
    /// resources are subscribed at their upstreams. Answers the filter as honoured.
    /// </summary>
    [Alias("Listen")]
    Task<ListenReply> ListenAsync(SessionlessInbound inbound, StreamAddress stream, ListenFilter filter);

    /// <summary>The listen stream closed; a resource no other stream listens to is unsubscribed upstream.</summary>
    [Alias("StopListening")]
    Task StopListeningAsync(StreamAddress stream);

    /// <summary>
    /// A request an upstream session of this session sends the client (sampling/createMessage,
    /// elicitation/create, roots/list): sent on the client's stream under an id of the gateway's,
    /// and answered with the client's response under the upstream's id, or an error when no stream
    /// takes it, the client does not answer in time, or the session ends.
    /// </summary>
    [AlwaysInterleave, Alias("AskClient")]
    Task<JsonRpcMessage> AskClientAsync(string upstream, [Immutable] JsonRpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>A server-to-client notification for this session (from an upstream or the catalog).</summary>
    [OneWay, Alias("Push")]
    Task PushAsync([Immutable] JsonRpcNotification notification);

    /// <summary>An upstream's notifications/tasks/status: pushed under the gateway's task id when the task is this session's, else dropped.</summary>
    [OneWay, Alias("PushTaskStatus")]
    Task PushTaskStatusAsync(string upstream, [Immutable] JsonRpcNotification notification);

    /// <summary>The merged catalog reached a new version: tell the client which lists changed.</summary>
    [OneWay, Alias("NotifyCatalogChanged")]
    Task NotifyCatalogChangedAsync(long version, CatalogChanges changes);
}
