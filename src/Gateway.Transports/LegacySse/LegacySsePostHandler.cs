using Gateway;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Answers;
using Gateway.Transports.Audit;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Protocol;
using Orleans;

namespace Gateway.Transports.LegacySse;

/// <summary>
/// POST /messages and /servers/{name}/messages (HTTP+SSE, revision 2024-11-05): hands each message
/// to the session named by the endpoint's <c>sessionId</c> and answers 202 Accepted with no body
/// once the session took them all; answers to requests go to the session's SSE stream, on whatever
/// silo it is. A refusal is the status and JSON-RPC error /mcp gives: 404 for an unknown, ended or
/// foreign session, 400 for bad input or a message before initialize, 413 for a body over the limit.
/// </summary>
public sealed class LegacySsePostHandler(IGrainFactory grains)
{
    public async Task HandleAsync(HttpContext context, LegacySseRequest legacy, McpPostBody body)
    {
        if (body.Messages is not { } parsed)
        {
            await body.Refusal!.ExecuteAsync(context);
            return;
        }

        if (parsed.IsBatch && body.OpensSession)
        {
            await JsonRpcErrorResult.Of(StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                "initialize must be sent alone, not in a batch").ExecuteAsync(context);
            return;
        }

        // The filter let this through only with a well-formed session id.
        var request = legacy.Context;
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId!);
        foreach (var message in parsed.Messages)
        {
            AuditNote.Of(context).Method = message switch
            {
                JsonRpcRequest r => r.Method,
                JsonRpcNotification n => n.Method,
                _ => null,
            };
            var inbound = new SessionInbound(message, request.Principal, request.ProtocolVersion, request.Server, ReplyStream: null,
                Roles: request.Roles, Tenant: request.Tenant);
            var reply = await RejectedCallRetry.RunAsync(() => session.PostLegacyAsync(inbound), context.RequestAborted);
            if (reply.Status != SessionStatus.Ok)
            {
                await JsonRpcErrorResult.Refused(reply, JsonRpcErrorResult.IdOf(message)).ExecuteAsync(context);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
