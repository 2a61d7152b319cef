using System.Text.Json;
using Gateway.Protocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// What it takes to carry on an upstream's Streamable HTTP session from another silo without a new
/// initialize: the session id the upstream gave and what its initialize answered. Kept in the
/// client session's persisted state, so that the silo where the session re-activates after its
/// silo's death resumes the same upstream session. The server's answers are kept as JSON, so that
/// stored state never depends on the SDK's types.
/// </summary>
/// <param name="Revision">The upstream definition's revision it was opened under; another revision starts afresh.</param>
[GenerateSerializer, Immutable, Alias("gw.UpstreamSessionRecord")]
public sealed record UpstreamSessionRecord(
    string SessionId,
    string Revision,
    string? ProtocolVersion,
    string ServerInfo,
    string ServerCapabilities,
    string? Instructions)
{
    /// <summary>The record of a session just initialised; null when the upstream gave no session id.</summary>
    public static UpstreamSessionRecord? Of(McpClient client, string revision) =>
        client.SessionId is { Length: > 0 } id
            ? new UpstreamSessionRecord(
                id,
                revision,
                client.NegotiatedProtocolVersion,
                JsonSerializer.Serialize(client.ServerInfo, JsonRpc.Options),
                JsonSerializer.Serialize(client.ServerCapabilities, JsonRpc.Options),
                client.ServerInstructions)
            : null;

    public ResumeClientSessionOptions ToResumeOptions() => new()
    {
        ServerInfo = JsonSerializer.Deserialize<Implementation>(ServerInfo, JsonRpc.Options)
                     ?? throw new JsonException("the recorded server info is empty"),
        ServerCapabilities = JsonSerializer.Deserialize<ServerCapabilities>(ServerCapabilities, JsonRpc.Options)
                             ?? throw new JsonException("the recorded server capabilities are empty"),
        ServerInstructions = Instructions,
        NegotiatedProtocolVersion = ProtocolVersion,
    };
}
