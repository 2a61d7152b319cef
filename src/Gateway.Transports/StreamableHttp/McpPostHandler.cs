using Gateway;
using Gateway.Protocol;
using Orleans;
using Orleans.Runtime;
using Gateway.Sessions;
using Gateway.Streams;
using Gateway.Transports.JsonRpcParsing;
using Gateway.Transports.Security;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// POST /mcp and /servers/{name}/mcp (Streamable HTTP, "Sending messages to the server"). The
/// handler keeps nothing between requests: it checks the message, hands it to the session grain
/// and relays the answer. A request's answer is plain JSON unless a related notification (such as
/// progress) comes first; then the response turns into an SSE stream that ends with the answer.
/// </summary>
public sealed class McpPostHandler(
    IGrainFactory grains,
    ClientStreamRegistry streams,
    IVirtualServerDirectory servers,
    IOptions<McpEndpointOptions> options)
{
    public async Task HandleAsync(HttpContext context, string? server)
    {
        var request = McpRequestContext.From(context, server);
        if (request.ProtocolVersionProblem is { } problem)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest, problem);
            return;
        }

        if (server is not null && !await servers.ExistsAsync(server, context.RequestAborted))
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status404NotFound, GatewayErrorCodes.InvalidRequest, $"No server named '{server}'");
            return;
        }

        var body = await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes);
        if (body is null)
        {
            return;
        }

        var parsed = JsonRpcBodyParser.Parse(body.Value, options.Value.MaxJsonDepth);
        if (parsed.Error is { } error)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }

        if (parsed.Messages.Any(m => m is JsonRpcRequest { Method: RequestMethods.Initialize }))
        {
            await InitializeAsync(context, request, parsed);
            return;
        }

        if (request.SessionId is null)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                $"Missing {McpHeaders.SessionId} header: send initialize first, then the session id it returns",
                McpHttpResults.IdOf(parsed.Messages[0]));
            return;
        }

        if (!SessionIds.IsWellFormed(request.SessionId))
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status404NotFound, McpHttpResults.SessionNotFoundCode, "Session not found");
            return;
        }

        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId);
        if (parsed.IsBatch)
        {
            await BatchAsync(context, request, session, parsed.Messages);
        }
        else if (parsed.Messages[0] is JsonRpcRequest single)
        {
            await RequestAsync(context, request, session, single);
        }
        else
        {
            var reply = await RejectedCallRetry.RunRedeliverableAsync(
                lost => session.HandleAsync(Inbound(request, parsed.Messages[0], null, lost), context.RequestAborted), context.RequestAborted);
            if (reply.Status != SessionStatus.Ok)
            {
                await McpHttpResults.RefusedAsync(context, reply);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private async Task InitializeAsync(HttpContext context, McpRequestContext request, ParsedBody parsed)
    {
        if (parsed.IsBatch || parsed.Messages[0] is not JsonRpcRequest initialize)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                "initialize must be sent alone, not in a batch");
            return;
        }

        var sessionId = SessionIds.New();
        var answer = await RejectedCallRetry.RunAsync(
            () => GrainReferences<IMcpSessionGrain>.Get(grains, sessionId).InitializeAsync(new SessionOpening(request.Principal, request.Server), initialize),
            context.RequestAborted);
        if (answer is JsonRpcResponse)
        {
            context.Response.Headers[McpHeaders.SessionId] = sessionId;
        }

        await McpHttpResults.MessagesAsync(context, [answer], asArray: false);
    }

    private static async Task BatchAsync(HttpContext context, McpRequestContext request, IMcpSessionGrain session, IReadOnlyList<JsonRpcMessage> messages)
    {
        var answers = new List<JsonRpcMessage>();
        foreach (var message in messages)
        {
            var reply = await RejectedCallRetry.RunRedeliverableAsync(
                lost => session.HandleAsync(Inbound(request, message, null, lost), context.RequestAborted), context.RequestAborted);
            if (reply.Status != SessionStatus.Ok)
            {
                await McpHttpResults.RefusedAsync(context, reply);
                return;
            }

            if (reply.Response is not null)
            {
                answers.Add(reply.Response);
            }
        }

        if (answers.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        await McpHttpResults.MessagesAsync(context, answers, asArray: true);
    }

    private async Task RequestAsync(HttpContext context, McpRequestContext request, IMcpSessionGrain session, JsonRpcRequest message)
    {
        var stream = streams.Open(request.SessionId!, request.Server, standalone: false);
        try
        {
            var replyTask = RejectedCallRetry.RunRedeliverableAsync(
                lost => session.HandleAsync(Inbound(request, message, stream, lost), context.RequestAborted), context.RequestAborted);
            var acceptsSse = context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);
            SseWriter? sse = null;
            while (acceptsSse && !replyTask.IsCompleted)
            {
                var ready = stream.Reader.WaitToReadAsync(context.RequestAborted).AsTask();
                if (await Task.WhenAny(replyTask, ready) != ready || !await ready)
                {
                    break;
                }

                if (sse is null)
                {
                    SseWriter.Start(context.Response);
                    sse = new SseWriter(context.Response);
                }

                while (stream.Reader.TryRead(out var notification))
                {
                    await sse.WriteAsync(notification, context.RequestAborted);
                }
            }

            SessionReply reply;
            try
            {
                reply = await replyTask;
            }
            catch (SiloUnavailableException ex)
            {
                // The node running this session's turn died mid-request and there was no time left to
                // hand it to the session's new activation: answer with an error at once.
                reply = new SessionReply(SessionStatus.Ok, JsonRpc.Error(message.Id, GatewayErrorCodes.UpstreamFailed,
                    GatewayErrorCodes.NodeWentAway(ex.Message)));
            }

            if (sse is null && acceptsSse && reply.Status == SessionStatus.Ok && stream.Reader.TryPeek(out _))
            {
                // Notifications that came with the answer still go first, so the stream turns to SSE.
                SseWriter.Start(context.Response);
                sse = new SseWriter(context.Response);
            }

            if (sse is null)
            {
                if (reply.Status != SessionStatus.Ok)
                {
                    await McpHttpResults.RefusedAsync(context, reply, McpHttpResults.IdOf(message));
                    return;
                }

                await McpHttpResults.MessagesAsync(context, [reply.Response!], asArray: false);
                return;
            }

            while (stream.Reader.TryRead(out var notification))
            {
                await sse.WriteAsync(notification, context.RequestAborted);
            }

            await sse.WriteAsync(new StreamItem(reply.Response!), context.RequestAborted);
        }
        finally
        {
            streams.Close(stream);
        }
    }

    private static SessionInbound Inbound(McpRequestContext request, JsonRpcMessage message, ClientStream? replyStream, string? lostWith) =>
        new(message, request.Principal, request.ProtocolVersion, request.Server, replyStream?.Address, lostWith);
}
