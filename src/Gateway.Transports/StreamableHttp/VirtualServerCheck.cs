using Gateway.Protocol;
using Gateway.Transports.Answers;
using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.StreamableHttp;

/// <summary>The check every door makes of /servers/{server}/...: the one answer for a server that does not exist.</summary>
public static class VirtualServerCheck
{
    /// <summary>
    /// 404 naming the server when the request is for one that does not exist or is another
    /// tenant's (answered as one that does not exist); null for the merged endpoint and for a server the caller sees.
    /// </summary>
    public static async ValueTask<JsonRpcErrorResult?> RefusalAsync(this IVirtualServerDirectory servers, McpRequestContext request, CancellationToken cancellationToken) =>
        request.Server is { } server && !await servers.ExistsAsync(server, request.Tenant, cancellationToken)
            ? JsonRpcErrorResult.Of(StatusCodes.Status404NotFound, GatewayErrorCodes.InvalidRequest, $"No server named '{server}'")
            : null;
}
