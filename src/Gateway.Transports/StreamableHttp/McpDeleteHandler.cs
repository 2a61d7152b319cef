using Gateway.Sessions;
using Gateway.Transports.Answers;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace Gateway.Transports.StreamableHttp;

/// <summary>DELETE /mcp: the client ends its session; the gateway ends the upstream sessions it opened for it.</summary>
public sealed class McpDeleteHandler(IGrainFactory grains)
{
    /// <remarks>The session id is present and well formed: <see cref="McpRequestFilter"/> saw to that.</remarks>
    public async Task HandleAsync(HttpContext context, McpRequestContext request)
    {
        // Retried while Orleans rejects it unrun: a session that is ending (another DELETE, its
        // expiry) deactivates, and a call that meets it then is rejected, not lost.
        var session = GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId!);
        var status = await RejectedCallRetry.RunAsync(() => session.CloseAsync(request.Principal), context.RequestAborted);
        if (status != SessionStatus.Ok)
        {
            await JsonRpcErrorResult.Refused(new SessionReply(status)).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
