using Gateway.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions.Handlers;

/// <summary>
/// Answers one MCP request method for a session. Handlers are per-silo singletons without state of
/// their own: what they need of the session comes through <see cref="ISessionContext"/>.
/// </summary>
public interface ISessionRequestHandler
{
    /// <summary>The JSON-RPC method this handler answers.</summary>
    string Method { get; }

    Task<JsonRpcMessage> HandleAsync(SessionCall call, ISessionContext session);
}

/// <param name="Request">The client's request.</param>
/// <param name="ReplyStream">The POST's own stream, for notifications related to the request.</param>
/// <param name="Cancellation">Fires when the client cancels or the session closes.</param>
/// <param name="Roles">The caller's roles, which tool policies are checked against.</param>
/// <param name="Target">Where the request went, noted by its handler for the audit line.</param>
public readonly record struct SessionCall(
    JsonRpcRequest Request, StreamAddress? ReplyStream, CancellationToken Cancellation, IReadOnlyCollection<string>? Roles = null, CallTarget? Target = null);
