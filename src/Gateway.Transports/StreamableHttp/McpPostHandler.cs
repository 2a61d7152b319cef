using Gateway;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.Audit;
using Gateway.Transports.JsonRpcParsing;
using Gateway.Transports.Streams;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using Orleans;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// POST /mcp and /servers/{name}/mcp (Streamable HTTP, "Sending messages to the server"). The
/// handler keeps nothing between requests: it hands each message to the session grain and relays
/// the answer. Headers and the virtual server were checked by <see cref="McpRequestFilter"/>, and the
/// body read and parsed when it was bound (<see cref="McpPostBody"/>).
/// </summary>
public sealed class McpPostHandler(IGrainFactory grains, ClientStreamRegistry streams)
{
    public async Task HandleAsync(HttpContext context, McpRequestContext request, McpPostBody body)
    {
        if (body.Messages is not { } parsed)
        {
            await body.Refusal!.ExecuteAsync(context);
            return;
        }

        if (body.OpensSession)
        {
            await InitializeAsync(context, request, parsed);
            return;
        }

        // The filter let this through only with a well-formed session id.
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId!);
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
            var reply = await SendAsync(context, request, session, parsed.Messages[0], null);
            if (reply.Status != SessionStatus.Ok)
            {
                await JsonRpcErrorResult.Refused(reply).ExecuteAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private async Task InitializeAsync(HttpContext context, McpRequestContext request, ParsedBody parsed)
    {
        if (parsed.IsBatch || parsed.Messages[0] is not JsonRpcRequest initialize)
        {
            await JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                "initialize must be sent alone, not in a batch").ExecuteAsync(context);
            return;
        }

        AuditNote.Of(context).Method = initialize.Method;
        var sessionId = SessionIds.New();
        var opening = new SessionOpening(request.Principal, request.Server, request.Tenant);
        var reply = await RejectedCallRetry.RunAsync(
            () => GrainReferences<IMcpSessionGrain>.Get(grains, sessionId).InitializeAsync(opening, initialize),
            context.RequestAborted);
        if (reply is not { Status: SessionStatus.Ok, Response: { } answer })
        {
            // The principal's cap: 429, so that the client knows to end a session or wait.
            await JsonRpcErrorResult.Refused(reply, JsonRpcErrorResult.IdOf(initialize)).ExecuteAsync(context);
            return;
        }

        if (answer is JsonRpcResponse)
        {
            context.Response.Headers[McpHeaders.SessionId] = sessionId;
        }

        await JsonRpcMessagesResult.One(answer).ExecuteAsync(context);
    }

    private static async Task BatchAsync(HttpContext context, McpRequestContext request, IMcpSessionGrain session, IReadOnlyList<JsonRpcMessage> messages)
    {
        var answers = new List<JsonRpcMessage>();
        foreach (var message in messages)
        {
            var reply = await SendAsync(context, request, session, message, null, inBatch: true);
            if (reply.Status != SessionStatus.Ok)
            {
                await JsonRpcErrorResult.Refused(reply).ExecuteAsync(context);
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

        await JsonRpcMessagesResult.Batch(answers).ExecuteAsync(context);
    }

    private async Task RequestAsync(HttpContext context, McpRequestContext request, IMcpSessionGrain session, JsonRpcRequest message)
    {
        var stream = streams.Open(request.SessionId!, request.Server, standalone: false);
        try
        {
            await new RequestAnswer(message, SendAsync(context, request, session, message, stream), stream).WriteAsync(context);
        }
        finally
        {
            streams.Close(stream);
        }
    }

    /// <summary>
    /// Hands one message to the session, retried while Orleans rejects it unrun and handed on once if
    /// its silo dies with it. Its method is noted for the front door's audit line, should the session refuse it.
    /// </summary>
    private static Task<SessionReply> SendAsync(
        HttpContext context, McpRequestContext request, IMcpSessionGrain session, JsonRpcMessage message, ClientStream? replyStream, bool inBatch = false)
    {
        AuditNote.Of(context).Method = message switch
        {
            JsonRpcRequest r => r.Method,
            JsonRpcNotification n => n.Method,
            _ => null,
        };
        return RejectedCallRetry.RunRedeliverableAsync(
            lost => session.HandleAsync(
                new SessionInbound(message, request.Principal, request.ProtocolVersion, request.Server, replyStream?.Address, lost, request.Roles, request.Tenant, inBatch),
                context.RequestAborted),
            context.RequestAborted);
    }
}
