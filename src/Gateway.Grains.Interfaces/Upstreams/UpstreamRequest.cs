using System.Text.Json.Nodes;
using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <param name="SessionId">The client session on whose behalf the request is made.</param>
/// <param name="Method">The JSON-RPC method, with names already mapped to the upstream's own.</param>
/// <param name="Params">The request's params, as the upstream should see them.</param>
/// <param name="ClientRequestId">The client's request id, so a later notifications/cancelled can be matched.</param>
/// <param name="ReplyStream">Where progress and logging related to this request go.</param>
/// <param name="LogLevel">The session's logging level, applied to a new upstream session.</param>
public sealed record UpstreamRequest(
    string SessionId,
    string Method,
    JsonNode? Params,
    RequestId ClientRequestId,
    StreamAddress? ReplyStream,
    LoggingLevel? LogLevel = null);
