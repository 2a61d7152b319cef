using System.Text.Json.Nodes;
using Gateway.Sessions;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <param name="SessionId">The client session on whose behalf the request is made.</param>
/// <param name="Upstream">The upstream that serves it.</param>
/// <param name="Method">The JSON-RPC method, with names already mapped to the upstream's own.</param>
/// <param name="Params">The request's params, as the upstream should see them.</param>
/// <param name="ClientRequestId">The client's request id, so a later notifications/cancelled can be matched.</param>
/// <param name="ReplyStream">Where progress related to this request goes.</param>
/// <param name="LogLevel">The session's logging level, applied to a new upstream session.</param>
/// <param name="Session">The session grain, which gets the upstream session's own notifications (logging, resources/updated).</param>
/// <param name="Resume">The upstream session this client session had with the upstream, to carry on when this silo has none open.</param>
/// <param name="ClientCapabilities">What the client declared in its initialize (JSON): an upstream session of its own is offered the same sampling, elicitation and roots.</param>
/// <param name="Subscriptions">The client session's resource subscriptions (URI to upstream): those on this upstream are subscribed again on a new upstream session.</param>
/// <param name="Timeout">How long the upstream may take, instead of its CallTimeoutSeconds; null: that.</param>
public sealed record UpstreamRequest(
    string SessionId,
    string Upstream,
    string Method,
    JsonNode? Params,
    RequestId ClientRequestId,
    StreamAddress? ReplyStream,
    LoggingLevel? LogLevel,
    IMcpSessionGrain? Session,
    UpstreamSessionRecord? Resume = null,
    IReadOnlyDictionary<string, string>? Subscriptions = null,
    string? ClientCapabilities = null,
    TimeSpan? Timeout = null);
