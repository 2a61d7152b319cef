using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// One client message on its way to the session grain. Immutable: on the grain's own silo it is
/// handed over by reference, parsed once by the front door and never copied.
/// </summary>
/// <param name="Message">The client's JSON-RPC message.</param>
/// <param name="Principal">Who sent it, as authenticated by the front door.</param>
/// <param name="ProtocolVersion">The MCP-Protocol-Version header, when present.</param>
/// <param name="Server">The virtual server the request arrived on (null: merged /mcp).</param>
/// <param name="ReplyStream">The POST's own response stream, for notifications related to the request.</param>
/// <param name="Roles">The sender's roles on this request, which tool policies are checked against.</param>
/// <param name="Tenant">The sender's tenant, when its key or token names one (for the audit line).</param>
/// <param name="InBatch">The message came in a JSON-RPC batch, which only MCP 2025-03-26 allows.</param>
/// <param name="LostWith">
/// Set when this is a redelivery: the message was sent before to an activation whose silo died
/// before it answered, for the reason given. The grain repeats only what is safe to repeat.
/// </param>
[GenerateSerializer, Immutable, Alias("gw.SessionInbound")]
public sealed record SessionInbound(
    JsonRpcMessage Message,
    string? Principal,
    string? ProtocolVersion,
    string? Server,
    StreamAddress? ReplyStream,
    string? LostWith = null,
    string[]? Roles = null,
    string? Tenant = null,
    bool InBatch = false);
