using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Transports.Security;

/// <summary>
/// Protection against DNS rebinding and cross-site requests, before authentication:
/// <list type="bullet">
/// <item>the Host header must name this gateway (<see cref="McpEndpointOptions.AllowedHosts"/>), else 400:
/// a page whose name was rebound to 127.0.0.1 sends its own name;</item>
/// <item>an Origin header must be loopback or configured, else 403 (MCP transports spec: servers
/// MUST validate Origin); requests without one (non-browser clients) pass;</item>
/// <item>an admin write (POST, PUT, PATCH, DELETE under /admin) with an Origin must come from the
/// gateway's own origin or a configured one: another local page on another port may not change
/// the gateway.</item>
/// </list>
/// </summary>
public sealed class HostAndOriginMiddleware(RequestDelegate next, IOptions<McpEndpointOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsAllowedHost(request.Host.Host, options.Value.AllowedHosts))
        {
            await Results.Problem(
                title: "Host not allowed",
                detail: $"Host '{request.Host.Host}' is not one this gateway answers to; add it to Gateway:Http:AllowedHosts",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            await next(context);
            return;
        }

        var allowed = options.Value.AllowedOrigins;
        var adminWrite = request.Path.StartsWithSegments("/admin") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
        var ok = adminWrite ? IsSameOrigin(origin, request) || IsListed(origin, allowed) : IsAllowed(origin, allowed);
        if (ok)
        {
            await next(context);
            return;
        }

        await Results.Problem(
            title: "Origin not allowed",
            detail: adminWrite
                ? $"Origin '{origin}' may not change this gateway: admin writes come from the gateway's own origin or one in Gateway:Http:AllowedOrigins"
                : $"Origin '{origin}' is not allowed; add it to Gateway:Http:AllowedOrigins",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    /// <summary>An empty list (the default, filled in by the silo from its bind) allows loopback names only; "*" allows any.</summary>
    public static bool IsAllowedHost(string host, IReadOnlyCollection<string> allowed)
    {
        if (allowed.Contains("*"))
        {
            return true;
        }

        var name = host.TrimEnd('.');
        return allowed.Any(a => string.Equals(a.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase))
            || IsLoopbackName(name);
    }

    public static bool IsAllowed(string origin, IReadOnlyCollection<string> allowed) =>
        IsListed(origin, allowed)
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsLoopbackName(uri.Host));

    private static bool IsListed(string origin, IReadOnlyCollection<string> allowed) =>
        allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
}
