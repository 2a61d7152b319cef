using Gateway.Streams;
using Gateway.Transports.Audit;
using Gateway.Transports.LegacySse;
using Gateway.Transports.Security;
using Gateway.Transports.Sessionless;
using Gateway.Transports.StreamableHttp;
using Gateway.Transports.Streams;
using Gateway.Transports.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Transports;

public static class McpGatewayEndpoints
{
    /// <summary>The stateless MCP front door and what it needs on each silo.</summary>
    public static IServiceCollection AddMcpFrontDoor(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientStreamRegistry>();
        services.TryAddSingleton<IClientStreamDelivery>(sp => sp.GetRequiredService<ClientStreamRegistry>());
        services.AddSingleton<McpPostHandler>();
        services.AddSingleton<McpGetHandler>();
        services.AddSingleton<McpDeleteHandler>();
        services.AddSingleton<LegacySseGetHandler>();
        services.AddSingleton<LegacySsePostHandler>();
        services.AddSingleton<McpWebSocketHandler>();
        services.AddExceptionHandler<McpExceptionHandler>();
        return services.AddSessionlessDoor();
    }

    /// <summary>
    /// ASP.NET Core's exception handler middleware with <see cref="McpExceptionHandler"/>: MCP
    /// endpoints answer a failure as a JSON-RPC error; any other endpoint gets an empty 500.
    /// </summary>
    public static IApplicationBuilder UseMcpExceptionHandler(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = _ => Task.CompletedTask });

    /// <summary>
    /// The front door's audit lines (<see cref="AuditMiddleware"/>): before the exception handler, so
    /// that they see the final status of refused, failed and admin requests.
    /// </summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    /// <summary>
    /// ASP.NET Core's WebSocket middleware, which lets /ws accept an upgrade; the keep-alive is set per
    /// socket from Gateway:Http (<see cref="McpWebSocketHandler"/>).
    /// </summary>
    public static IApplicationBuilder UseMcpWebSockets(this IApplicationBuilder app) => app.UseWebSockets();

    /// <summary>Host and Origin checks, then ASP.NET Core's authentication and authorization, for everything after them.</summary>
    public static IApplicationBuilder UseMcpSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<HostAndOriginMiddleware>().UseAuthentication().UseAuthorization();

    /// <summary>
    /// /mcp for the merged catalog; /servers/{server}/mcp passes one upstream through; and the
    /// legacy HTTP+SSE and WebSocket endpoints. One route group holds the first two, with the checks of every request (<see cref="McpRequestFilter"/>) as its filter.
    /// </summary>
    public static IEndpointRouteBuilder MapMcpFrontDoor(this IEndpointRouteBuilder endpoints)
    {
        var mcp = endpoints.MapGroup("")
            .RequireAuthorization(GatewayAuthentication.McpPolicy)
            .AddEndpointFilter<McpRequestFilter>()
            .WithMetadata(McpEndpointMetadata.Instance);
        foreach (var pattern in new[] { "/mcp", $"/servers/{{{McpRequestContext.ServerRouteValue}}}/mcp" })
        {
            mcp.MapPost(pattern, (HttpContext c, McpRequestContext request, McpPostBody body, McpPostHandler h) => h.HandleAsync(c, request, body));
            mcp.MapGet(pattern, (HttpContext c, McpRequestContext request, McpGetHandler h) => h.HandleAsync(c, request));
            mcp.MapDelete(pattern, (HttpContext c, McpRequestContext request, McpDeleteHandler h) => h.HandleAsync(c, request));

            // The 2026-07-28 revision on the same URL (RevisionMatcherPolicy chooses by the version header).
            endpoints.MapSessionlessDoor(pattern);
        }

        return endpoints.MapLegacySse().MapWebSockets();
    }

    /// <summary>
    /// The 2024-11-05 HTTP+SSE transport beside it: GET /sse opens a session's stream, POST
    /// /messages carries its messages; /servers/{server}/sse and /messages for a virtual server.
    /// Same policy and metadata as /mcp, with checks of their own (<see cref="LegacySseRequestFilter"/>).
    /// </summary>
    private static IEndpointRouteBuilder MapLegacySse(this IEndpointRouteBuilder endpoints)
    {
        var legacy = endpoints.MapGroup("")
            .RequireAuthorization(GatewayAuthentication.McpPolicy)
            .AddEndpointFilter<LegacySseRequestFilter>()
            .WithMetadata(McpEndpointMetadata.Instance);
        foreach (var prefix in new[] { "", $"/servers/{{{McpRequestContext.ServerRouteValue}}}" })
        {
            legacy.MapGet(prefix + "/sse", (HttpContext c, LegacySseRequest request, LegacySseGetHandler h) => h.HandleAsync(c, request));
            legacy.MapPost(prefix + "/messages", (HttpContext c, LegacySseRequest request, McpPostBody body, LegacySsePostHandler h) => h.HandleAsync(c, request, body));
        }

        return endpoints;
    }

    /// <summary>
    /// WebSocket: /ws for the merged catalog, /servers/{server}/ws for a virtual server, one session
    /// per socket. Same policy and metadata as /mcp, with checks of their own (<see cref="WebSocketRequestFilter"/>).
    /// GET is the HTTP/1.1 upgrade; CONNECT is a WebSocket over HTTP/2 (RFC 8441).
    /// </summary>
    private static IEndpointRouteBuilder MapWebSockets(this IEndpointRouteBuilder endpoints)
    {
        var sockets = endpoints.MapGroup("")
            .RequireAuthorization(GatewayAuthentication.McpPolicy)
            .AddEndpointFilter<WebSocketRequestFilter>()
            .WithMetadata(McpEndpointMetadata.Instance);
        foreach (var pattern in new[] { "/ws", $"/servers/{{{McpRequestContext.ServerRouteValue}}}/ws" })
        {
            sockets.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Connect], (HttpContext c, McpRequestContext request, McpWebSocketHandler h) => h.HandleAsync(c, request));
        }

        return endpoints;
    }
}
