using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Gateway;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.JsonRpcParsing;
using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Gateway.Transports.Streams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Orleans;
using Orleans.Runtime;

namespace Gateway.Transports.WebSockets;

/// <summary>
/// One MCP session over one WebSocket: the socket is the session's whole life. Its first message
/// must be initialize, which opens the session grain exactly as a POSTed initialize does (the
/// principal's cap, tenant and virtual server); until then any other message gets a JSON-RPC error
/// and the socket stays open for the initialize. Then the socket is the session's standalone
/// stream (a <see cref="ClientStream"/> of this silo), so notifications, progress and the server's
/// requests reach it from any silo, and every text message is handed to the grain as a POSTed one
/// is: requests run side by side (<see cref="WebSocketRequests"/>), notifications and the client's
/// responses in their order. A message that cannot be used gets the error a POST body would
/// (-32700, -32600, -32602) and the socket carries on; a binary message or one over the size limit
/// closes it (1003, 1009). When the socket goes, its requests are cancelled and the session ends
/// as DELETE ends it: nobody could reach the session again, since its id was never the client's.
/// </summary>
public sealed partial class McpWebSocketSession(
    WebSocket socket,
    McpRequestContext request,
    string traceId,
    IGrainFactory grains,
    ClientStreamRegistry streams,
    McpEndpointOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly WebSocketMessageReader _reader = new(socket, options.MaxRequestBodyBytes);
    private readonly WebSocketMessageWriter _writer = new(socket);
    private readonly WebSocketRequests _requests = new(options.WebSocketMaxRequestsInFlight);
    private IMcpSessionGrain? _session;
    private string? _sessionId;
    private ClientStream? _stream;
    private Task _pump = Task.CompletedTask;

    /// <summary>Serves the socket until it closes or breaks; <paramref name="stopping"/> closes it with 1001.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        // The client answers with its close frame, which ends the reader, and the session with it.
        using var stop = stopping.Register(() => _ = _writer.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "the gateway node is stopping"));
        try
        {
            await ReadAsync();
        }
        finally
        {
            await EndAsync();
        }
    }

    public void Dispose() => _requests.Dispose();

    private async Task ReadAsync()
    {
        while (true)
        {
            WebSocketInbound inbound;
            try
            {
                inbound = await _reader.ReadAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // The connection broke, or answered no ping in time (the keep-alive timeout).
                return;
            }

            switch (inbound.Kind)
            {
                case WebSocketInboundKind.Closed:
                    // RFC 6455 section 5.5.1: a close frame is answered with one.
                    await _writer.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "");
                    return;
                case WebSocketInboundKind.Binary:
                    await RefuseAsync(WebSocketCloseStatus.InvalidMessageType, "binary frames are not MCP messages: send each JSON-RPC message as a text frame");
                    return;
                case WebSocketInboundKind.TooLarge:
                    await RefuseAsync(WebSocketCloseStatus.MessageTooBig, $"a message over {options.MaxRequestBodyBytes} bytes (Gateway:Http:MaxRequestBodyBytes)");
                    return;
                default:
                    await OnMessageAsync(inbound.Text);
                    break;
            }
        }
    }

    private async Task OnMessageAsync(ReadOnlyMemory<byte> text)
    {
        var parsed = JsonRpcBodyParser.Parse(text, options.MaxJsonDepth);
        if (parsed.Error is { } error)
        {
            await _writer.SendAsync(error);
            return;
        }

        if (_session is not { } session)
        {
            await OpenAsync(parsed);
        }
        else if (parsed.IsBatch || parsed.Messages[0] is JsonRpcRequest)
        {
            await StartAsync(session, parsed);
        }
        else
        {
            // Notifications and the client's responses are quick, and keep their order: the reader waits for each.
            await ExchangeAsync(session, parsed, _requests.SocketGone);
        }
    }

    private async Task StartAsync(IMcpSessionGrain session, ParsedBody parsed)
    {
        if (!_requests.TryStart(cancellationToken => ExchangeAsync(session, parsed, cancellationToken)))
        {
            await _writer.SendAsync(JsonRpcBodyParser.ErrorBody(parsed.IsBatch ? null : JsonRpcErrorResult.IdOf(parsed.Messages[0]), GatewayErrorCodes.InvalidRequest,
                $"This WebSocket has {_requests.Limit} requests running, the most it may (Gateway:Http:WebSocketMaxRequestsInFlight): wait for an answer before sending more"));
        }
    }

    /// <summary>
    /// Hands a message, or each message of a batch in turn, to the session and sends what it
    /// answers: one message, or the batch's answers as one array. A refusal is sent as the error a
    /// POST would carry; a session that is gone (ended elsewhere, expired) also closes the socket.
    /// </summary>
    private async Task ExchangeAsync(IMcpSessionGrain session, ParsedBody parsed, CancellationToken cancellationToken)
    {
        var id = parsed.IsBatch ? null : JsonRpcErrorResult.IdOf(parsed.Messages[0]);
        var answers = new List<JsonRpcMessage>();
        try
        {
            foreach (var message in parsed.Messages)
            {
                var inbound = new SessionInbound(message, request.Principal, ProtocolVersion: null, request.Server, _stream!.Address,
                    Roles: request.Roles, Tenant: request.Tenant, InBatch: parsed.IsBatch);
                var reply = await RejectedCallRetry.RunRedeliverableAsync(
                    lost => session.HandleAsync(inbound with { LostWith = lost }, cancellationToken), cancellationToken);
                if (reply.Status != SessionStatus.Ok)
                {
                    await _writer.SendAsync(RefusalOf(reply, id));
                    if (reply.Status is SessionStatus.NotFound or SessionStatus.Forbidden or SessionStatus.WrongServer)
                    {
                        await _writer.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, SessionEnded);
                    }

                    return;
                }

                if (reply.Response is { } answer)
                {
                    answers.Add(answer);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await FailedAsync(ex, id, Describe(parsed.Messages[0]));
            return;
        }
        catch (Exception)
        {
            // The socket went: there is nobody to answer.
            return;
        }

        if (answers.Count > 0)
        {
            await (parsed.IsBatch ? _writer.SendAsync(answers) : _writer.SendAsync(answers[0]));
        }
    }

    /// <summary>Cancels the socket's requests, then ends the session as DELETE does.</summary>
    private async Task EndAsync()
    {
        await _requests.CancelAllAsync();
        if (_stream is { } stream)
        {
            streams.Close(stream);
            await _pump;
        }

        if (_session is not { } session)
        {
            return;
        }

        try
        {
            await RejectedCallRetry.RunAsync(() => session.CloseAsync(request.Principal), CancellationToken.None);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The session's silo is gone; the session ends by idle expiry instead, and its lease runs out.
            LogNotEnded(logger, SessionIds.ForLog(_sessionId!), ex.Message);
        }
    }

    /// <summary>The close handshake for a message the socket cannot carry, bounded by the keep-alive timeout.</summary>
    private async Task RefuseAsync(WebSocketCloseStatus status, string reason)
    {
        LogRefused(logger, _sessionId is null ? "(not initialized)" : SessionIds.ForLog(_sessionId), (int)status, reason);
        using var deadline = new CancellationTokenSource(options.WebSocketKeepAliveTimeout, time);
        await _writer.CloseAsync(status, reason, deadline.Token);
    }

    /// <summary>A failure nobody anticipated gets an error frame, as <see cref="McpExceptionHandler"/> answers one on /mcp; the socket carries on.</summary>
    private Task FailedAsync(Exception exception, JsonNode? id, string what)
    {
        if (exception is SiloUnavailableException lost)
        {
            return _writer.SendAsync(JsonRpcBodyParser.ErrorBody(id, GatewayErrorCodes.UpstreamFailed, GatewayErrorCodes.NodeWentAway(lost.Message)));
        }

        LogFailed(logger, exception, what, traceId);
        return _writer.SendAsync(JsonRpcBodyParser.ErrorBody(id, GatewayErrorCodes.InternalError,
            $"Internal error; the gateway's log has the details under trace id {traceId}"));
    }

    private static JsonObject RefusalOf(SessionReply reply, JsonNode? id)
    {
        var refusal = SessionRefusal.Of(reply);
        return JsonRpcBodyParser.ErrorBody(id, refusal.Code, refusal.Message);
    }

    private static string Describe(JsonRpcMessage message) => message switch
    {
        JsonRpcRequest r => $"'{r.Method}'",
        JsonRpcNotification n => $"'{n.Method}'",
        _ => "a response",
    };

    private const string SessionEnded = "the session has ended: connect again to start a new one";

    [LoggerMessage(EventId = 1620, Level = LogLevel.Information, Message = "WebSocket of session {SessionId} closed by the gateway with status {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string sessionId, int status, string reason);

    [LoggerMessage(EventId = 1621, Level = LogLevel.Error, Message = "A WebSocket message {What} failed (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what, string traceId);

    [LoggerMessage(EventId = 1622, Level = LogLevel.Warning,
        Message = "WebSocket of session {SessionId} closed, but the session could not be told ({Reason}); it ends by idle expiry")]
    private static partial void LogNotEnded(ILogger logger, string sessionId, string reason);
}
