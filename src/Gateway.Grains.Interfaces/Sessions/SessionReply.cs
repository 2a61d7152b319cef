using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <param name="Status">Whether the session accepted the message at all.</param>
/// <param name="Response">The JSON-RPC response or error for a request; null for notifications.</param>
/// <param name="Detail">Why the message was refused, for the HTTP error body.</param>
[GenerateSerializer, Immutable, Alias("gw.SessionReply")]
public sealed record SessionReply(SessionStatus Status, JsonRpcMessage? Response = null, string? Detail = null)
{
    public static SessionReply Accepted { get; } = new(SessionStatus.Ok);
}
