using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Gateway.Transports.Streams;
using Gateway.Streams;
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
        services.TryAddSingleton<ClientStreamRegistry>();
        services.TryAddSingleton<IClientStreamDelivery>(sp => sp.GetRequiredService<ClientStreamRegistry>());
        services.AddSingleton<McpPostHandler>();
        services.AddSingleton<McpGetHandler>();
        services.AddSingleton<McpDeleteHandler>();
        return services;
    }

    /// <summary>Origin check, then authentication, for everything after it.</summary>
    public static IApplicationBuilder UseMcpSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<OriginValidationMiddleware>().UseMiddleware<GatewayAuthenticationMiddleware>();

    /// <summary>/mcp for the merged catalog; /servers/{server}/mcp passes one upstream through.</summary>
    public static IEndpointRouteBuilder MapMcpFrontDoor(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (pattern, server) in new (string, Func<HttpContext, string?>)[]
                 {
                     ("/mcp", _ => null),
                     ("/servers/{server}/mcp", c => (string?)c.Request.RouteValues["server"]),
                 })
        {
            endpoints.MapPost(pattern, (HttpContext c, McpPostHandler h) => McpEndpointGuard.RunAsync(c, () => h.HandleAsync(c, server(c))));
            endpoints.MapGet(pattern, (HttpContext c, McpGetHandler h) => McpEndpointGuard.RunAsync(c, () => h.HandleAsync(c, server(c))));
            endpoints.MapDelete(pattern, (HttpContext c, McpDeleteHandler h) => McpEndpointGuard.RunAsync(c, () => h.HandleAsync(c, server(c))));
        }

        return endpoints;
    }
}
