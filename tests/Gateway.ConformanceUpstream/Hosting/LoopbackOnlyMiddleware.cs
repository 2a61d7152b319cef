using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.ConformanceUpstream.Hosting;

/// <summary>
/// DNS rebinding protection for a local server without auth (MCP 2025-11-25, Transports,
/// "Security Warning"; scenario dns-rebinding-protection): a page whose name an attacker rebound
/// to 127.0.0.1 arrives with its own name in Host and its own origin in Origin. Only loopback
/// names pass: another Host is 400, another Origin 403 (servers MUST answer an invalid Origin
/// with 403), both before the SDK sees the request.
/// </summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next, ILogger<LoopbackOnlyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsLoopbackName(request.Host.Host))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Host", request.Host.Value ?? "");
            return;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsLoopbackName(uri.Host)))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Origin", origin);
            return;
        }

        await next(context);
    }

    private async Task RefuseAsync(HttpContext context, int status, string header, string value)
    {
        Log.NotLoopback(logger, context.Request.Method, context.Request.Path, header, value);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject
            {
                ["code"] = -32600,
                ["message"] = $"{header} '{value}' is not a loopback name: this server answers only to localhost, 127.0.0.1 and [::1]",
            },
        };
        await context.Response.WriteAsync(error.ToJsonString());
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
