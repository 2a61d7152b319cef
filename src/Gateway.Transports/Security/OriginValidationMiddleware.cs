using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.Security;

/// <summary>
/// Refuses requests whose Origin is neither loopback nor configured (MCP transports spec: servers
/// MUST validate Origin to prevent DNS rebinding). Requests without Origin (non-browser clients) pass.
/// </summary>
public sealed class OriginValidationMiddleware(RequestDelegate next, IOptions<McpEndpointOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsAllowed(origin, options.Value.AllowedOrigins))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(new { error = $"Origin '{origin}' is not allowed" });
    }

    public static bool IsAllowed(string origin, IReadOnlyCollection<string> allowed)
    {
        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));
    }
}
