using Gateway.Protocol;
using Orleans;
using Orleans.Runtime;
using Gateway.Sessions;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>DELETE /mcp: the client ends its session; the gateway ends the upstream sessions it opened for it.</summary>
public sealed class McpDeleteHandler(IGrainFactory grains)
{
    public async Task HandleAsync(HttpContext context, string? server)
    {
        var request = McpRequestContext.From(context, server);
        if (request.SessionId is null)
        {
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status400BadRequest, GatewayErrorCodes.InvalidRequest,
                $"Missing {McpHeaders.SessionId} header");
            return;
        }

        var status = SessionIds.IsWellFormed(request.SessionId)
            ? await GrainReferences<IMcpSessionGrain>.Get(grains, request.SessionId).CloseAsync(request.Principal)
            : SessionStatus.NotFound;
        if (status != SessionStatus.Ok)
        {
            await McpHttpResults.RefusedAsync(context, new SessionReply(status));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
