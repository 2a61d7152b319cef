using Gateway.Protocol;
using Gateway.Transports.Answers;
using Gateway.Transports.Security;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.AspNetCore;

namespace Gateway.Transports.Sessionless;

/// <summary>
/// The 2026-07-28 revision on /mcp and /servers/{server}/mcp: ModelContextProtocol.AspNetCore's
/// <c>MapMcp</c> in stateless mode, which checks what the revision asks of every request (the
/// version header and _meta, Mcp-Method and Mcp-Name, the removed methods, GET and DELETE) and
/// answers server/discover; its handlers go to the grains (<see cref="SessionlessHandlers"/>).
/// The same authorization policy as the other doors, and the same virtual-server check.
/// </summary>
public static class SessionlessDoor
{
    public static IServiceCollection AddSessionlessDoor(this IServiceCollection services)
    {
        services.AddSingleton<SessionlessHandlers>();
        services.AddMcpServer().WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless);
        services.AddOptions<HttpServerTransportOptions>()
            .Configure<SessionlessHandlers>((options, handlers) => options.ConfigureSessionOptions = handlers.ConfigureAsync);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, RevisionMatcherPolicy>());
        return services;
    }

    public static IEndpointRouteBuilder MapSessionlessDoor(this IEndpointRouteBuilder endpoints, string pattern)
    {
        var door = endpoints.MapMcp(pattern)
            .RequireAuthorization(GatewayAuthentication.McpPolicy)
            .WithMetadata(McpEndpointMetadata.Instance, SessionlessEndpoint.Instance);
        door.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => CheckServerAsync(context, inner);
        });
        return endpoints;
    }

    /// <summary>/servers/{server}/mcp of an upstream that does not exist, or is another tenant's: 404, as on the other doors.</summary>
    private static async Task CheckServerAsync(HttpContext context, RequestDelegate inner)
    {
        var servers = context.RequestServices.GetRequiredService<IVirtualServerDirectory>();
        if (await servers.RefusalAsync(McpRequestContext.From(context), context.RequestAborted) is { } unknown)
        {
            await unknown.ExecuteAsync(context);
            return;
        }

        await inner(context);
    }
}
