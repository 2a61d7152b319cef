using Gateway.Protocol;
using Gateway.Streams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// The 2024-11-05 HTTP+SSE transport: the session is its client's one SSE stream. The id is bound
/// to the stream (and counted under the principal's cap) when the stream opens, before the client's
/// initialize; every answer goes to that stream, not to the POST that carried the request; and the
/// session ends when the stream closes. The revision has no resumption, so a session whose stream
/// is gone can never be reached again: keeping it would only hold upstream sessions and a place
/// under the cap. The activation sits on the stream's silo (it is first called from there), so
/// answers and notifications reach the stream without a hop.
/// </summary>
public sealed partial class McpSessionGrain
{
    /// <summary>The stream and who opened it, until the initialize arrives; memory only.</summary>
    private PendingLegacyStream? _pendingLegacy;

    /// <summary>The initialized session's SSE stream, where every answer goes.</summary>
    private StreamAddress? _legacyStream;

    public async Task<SessionReply> OpenLegacyStreamAsync(SessionOpening opening, StreamAddress stream)
    {
        // Ids are minted for each stream, so this is a fresh one; anything else is refused unseen.
        if (Session.Initialized || _ended || _pendingLegacy is not null)
        {
            return new SessionReply(SessionStatus.NotFound, Detail: "Session not found");
        }

        var admission = await PrincipalSessions(opening.Principal).AdmitAsync(SessionId, opening);
        if (!admission.Admitted)
        {
            LogLimitReached(logger, opening.Principal ?? "(anonymous)", admission.Open, admission.Limit);
            DeactivateOnIdle();
            return new SessionReply(SessionStatus.LimitReached, Detail: LimitReached(opening.Principal, admission));
        }

        _pendingLegacy = new PendingLegacyStream(opening, stream, time.GetUtcNow());
        return SessionReply.Accepted;
    }

    public async Task<SessionReply> PostLegacyAsync(SessionInbound inbound)
    {
        var started = time.GetTimestamp();
        if (_pendingLegacy is { } pending && !Session.Initialized)
        {
            return await PostBeforeInitializeAsync(pending, inbound);
        }

        if (Refusal(inbound) is { } refused)
        {
            return refused;
        }

        // A Streamable HTTP session has no stream here to answer on.
        if (_legacyStream is null)
        {
            return new SessionReply(SessionStatus.WrongServer, Detail: "Session not found on this endpoint");
        }

        if (inbound.Message is not JsonRpcRequest request)
        {
            return await RunAsync(inbound, started, CancellationToken.None);
        }

        // Answered before the request runs, as the transport wants (202); the answer follows on the stream.
        _ = AnswerOnStreamAsync(inbound with { ReplyStream = _legacyStream }, request, started);
        return SessionReply.Accepted;
    }

    public async Task<bool> KeepLegacyStreamAsync(StreamAddress stream)
    {
        if (_pendingLegacy is { } pending && !Session.Initialized)
        {
            if (time.GetUtcNow() - pending.OpenedAt < IdleTimeout)
            {
                return true;
            }

            // A stream that never initialized is idle by definition: its place under the cap goes.
            LogNeverInitialized(logger, SessionIds.ForLog(SessionId), IdleTimeout);
            await ReleasePendingAsync(pending);
            return false;
        }

        if (IsGone())
        {
            return false;
        }

        // A session re-activated away from its stream learns the stream again.
        _legacyStream ??= stream;
        _streams.Keep(stream);
        await TouchAsync();
        return true;
    }

    public async Task CloseLegacyStreamAsync()
    {
        if (_pendingLegacy is { } pending && !Session.Initialized)
        {
            await ReleasePendingAsync(pending);
            return;
        }

        if (IsGone())
        {
            return;
        }

        await EndAsync();
        LogClosed(logger, SessionIds.ForLog(SessionId));
        DeactivateOnIdle();
    }

    /// <summary>Only the initialize of the stream's own principal, on its endpoint, may open the session.</summary>
    private async Task<SessionReply> PostBeforeInitializeAsync(PendingLegacyStream pending, SessionInbound inbound)
    {
        var opening = pending.Opening;
        if (!string.Equals(inbound.Principal, opening.Principal, StringComparison.Ordinal)
            || !string.Equals(inbound.Tenant, opening.Tenant, StringComparison.Ordinal)
            || inbound.Server != opening.Server)
        {
            LogForeignPrincipal(logger, SessionIds.ForLog(SessionId));
            return new SessionReply(SessionStatus.Forbidden, Detail: "Session not found");
        }

        if (inbound.Message is not JsonRpcRequest { Method: RequestMethods.Initialize } initialize)
        {
            return new SessionReply(SessionStatus.NotInitialized,
                Detail: "The session is not initialized: send initialize first, on this endpoint");
        }

        var reply = await InitializeAsync(opening, initialize);
        if (reply is not { Status: SessionStatus.Ok, Response: { } answer })
        {
            return reply;
        }

        if (answer is JsonRpcResponse)
        {
            _pendingLegacy = null;
            _legacyStream = pending.Stream;
            await _streams.AttachAsync(pending.Stream, lastEventId: null);
        }

        await delivery.DeliverAsync(pending.Stream, new StreamItem(answer));
        return SessionReply.Accepted;
    }

    /// <summary>Runs a request taken from a POST and sends its answer, or an error naming the failure, to the stream.</summary>
    private async Task AnswerOnStreamAsync(SessionInbound inbound, JsonRpcRequest request, long started)
    {
        JsonRpcMessage answer;
        try
        {
            answer = (await RunAsync(inbound, started, CancellationToken.None)).Response!;
        }
        catch (Exception ex)
        {
            // The POST was answered long ago: the stream is the only place left to say so.
            LogLegacyRequestFailed(logger, ex, SessionIds.ForLog(SessionId), request.Method);
            answer = JsonRpc.Error(request.Id, GatewayErrorCodes.InternalError, $"Internal error handling {request.Method}; the gateway's log has the details");
        }

        if (_legacyStream is { } stream)
        {
            await delivery.DeliverAsync(stream, new StreamItem(answer));
        }
    }

    private async Task ReleasePendingAsync(PendingLegacyStream pending)
    {
        _pendingLegacy = null;
        DeactivateOnIdle();
        await PrincipalSessions(pending.Opening.Principal).ReleaseAsync(SessionId);
    }

    private sealed record PendingLegacyStream(SessionOpening Opening, StreamAddress Stream, DateTimeOffset OpenedAt);

    [LoggerMessage(EventId = 1409, Level = LogLevel.Information,
        Message = "Session {SessionId}: its legacy SSE stream sent no initialize within {IdleTimeout}; closed")]
    private static partial void LogNeverInitialized(ILogger logger, string sessionId, TimeSpan idleTimeout);

    [LoggerMessage(EventId = 1410, Level = LogLevel.Error, Message = "Session {SessionId}: {Method} from a legacy SSE client failed")]
    private static partial void LogLegacyRequestFailed(ILogger logger, Exception exception, string sessionId, string method);
}
