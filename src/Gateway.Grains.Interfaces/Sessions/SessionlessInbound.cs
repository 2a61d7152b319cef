using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// A request of the session-less revision (2026-07-28) on its way to the session that serves its
/// principal (<see cref="SessionIds.Sessionless"/>): what a session-based client declares once in
/// initialize, this one declares on every request, in its _meta.
/// </summary>
/// <param name="Request">The request, its _meta as the client sent it.</param>
/// <param name="Principal">Who sent it, as authenticated by the front door.</param>
/// <param name="Server">The virtual server the request arrived on (null: merged /mcp).</param>
/// <param name="Tenant">The sender's tenant, when its key or token names one.</param>
/// <param name="Roles">The sender's roles, which tool policies are checked against.</param>
/// <param name="ReplyStream">The POST's own response stream, for the request's progress and log messages.</param>
/// <param name="Offers">The client features an upstream may ask for that this request declared (sampling, elicitation, roots), as JSON.</param>
/// <param name="LogLevel">The request's io.modelcontextprotocol/logLevel: without one, no log message is sent for it.</param>
/// <param name="Client">The request's io.modelcontextprotocol/clientInfo, for the audit line.</param>
[GenerateSerializer, Immutable, Alias("gw.SessionlessInbound")]
public sealed record SessionlessInbound(
    JsonRpcRequest Request,
    string? Principal,
    string? Server,
    string? Tenant,
    string[]? Roles,
    StreamAddress? ReplyStream,
    string? Offers,
    LoggingLevel? LogLevel,
    SessionClient? Client);
