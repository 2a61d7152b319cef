using System.Net.WebSockets;
using Gateway;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.JsonRpcParsing;
using Gateway.Transports.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// How a socket becomes a session: its first initialize opens the session grain, and the socket's
/// stream is attached to it and sent on for the socket's life.
/// </summary>
public sealed partial class McpWebSocketSession
{
    /// <summary>The socket's first initialize opens the session, minting its id as a POST's does.</summary>
    private async Task OpenAsync(ParsedBody parsed)
    {
        if (parsed.IsBatch || parsed.Messages[0] is not JsonRpcRequest { Method: RequestMethods.Initialize } initialize)
        {
            var problem = parsed.Messages.Any(m => m is JsonRpcRequest { Method: RequestMethods.Initialize })
                ? "initialize must be sent alone, not in a batch"
                : $"The session is not initialized: send initialize first, as this WebSocket's first message (this was {Describe(parsed.Messages[0])})";
            await _writer.SendAsync(JsonRpcBodyParser.ErrorBody(parsed.IsBatch ? null : JsonRpcErrorResult.IdOf(parsed.Messages[0]), GatewayErrorCodes.InvalidRequest, problem));
            return;
        }

        var sessionId = SessionIds.New();
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, sessionId);
        var id = JsonRpcErrorResult.IdOf(initialize);
        SessionReply reply;
        try
        {
            reply = await RejectedCallRetry.RunAsync(
                () => session.InitializeAsync(new SessionOpening(request.Principal, request.Server, request.Tenant), initialize), _requests.SocketGone);
        }
        catch (Exception ex) when (!_requests.SocketGone.IsCancellationRequested)
        {
            await FailedAsync(ex, id, initialize.Method);
            return;
        }

        if (reply is not { Status: SessionStatus.Ok, Response: JsonRpcResponse answer })
        {
            // The principal's cap, or bad params: nothing was opened, and a later initialize may still succeed.
            await (reply.Response is { } error ? _writer.SendAsync(error) : _writer.SendAsync(RefusalOf(reply, id)));
            return;
        }

        var stream = streams.Open(sessionId, request.Server, standalone: true);
        _writer.Follow(stream.Reader);
        (_session, _sessionId, _stream) = (session, sessionId, stream);
        await _writer.SendAsync(answer);

        try
        {
            if (await RejectedCallRetry.RunAsync(() => session.AttachStreamAsync(request.Principal, stream.Address), _requests.SocketGone) != SessionStatus.Ok)
            {
                await _writer.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, SessionEnded);
                return;
            }
        }
        catch (Exception ex) when (!_requests.SocketGone.IsCancellationRequested)
        {
            // A session without its stream would answer requests but never notify: not worth keeping.
            LogFailed(logger, ex, "(attaching the stream)", traceId);
            await _writer.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, $"internal error; trace id {traceId}");
            return;
        }

        _pump = PumpAsync(stream, session);
    }

    /// <summary>
    /// Sends the stream's messages as they come; after each keep-alive interval of quiet, tells the
    /// session where its stream is (one-way), so a session re-activated on another silo learns it again.
    /// </summary>
    private async Task PumpAsync(ClientStream stream, IMcpSessionGrain session)
    {
        // One wait for messages at a time, kept across keep-alives, so an idle socket piles up no waiters.
        Task<bool>? ready = null;
        while (true)
        {
            ready ??= stream.Reader.WaitToReadAsync().AsTask();
            try
            {
                await ready.WaitAsync(options.KeepAliveInterval, time);
            }
            catch (TimeoutException)
            {
                _ = session.KeepStreamAsync(stream.Address);
                continue;
            }

            if (!await ready)
            {
                return;
            }

            ready = null;
            await _writer.SendStreamAsync();
        }
    }
}
