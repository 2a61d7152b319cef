using Gateway.Protocol;
using Orleans;
using Orleans.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// The last line behind every MCP endpoint: a failure nobody anticipated becomes a JSON-RPC
/// internal error that points at the log entry, never a bare 500 or a dropped connection, and the
/// silo carries on serving.
/// </summary>
public static partial class McpEndpointGuard
{
    public static async Task RunAsync(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (SiloUnavailableException ex) when (!context.Response.HasStarted)
        {
            // A gateway node died with this request on it: say so at once, rather than hang or blame the client.
            await McpHttpResults.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.UpstreamFailed,
                GatewayErrorCodes.NodeWentAway(ex.Message));
        }
        catch (Exception ex)
        {
            var logger = context.RequestServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                ? factory.CreateLogger("Gateway.Transports.Mcp")
                : null;
            if (logger is not null)
            {
                LogFailed(logger, ex, context.Request.Method, context.Request.Path, context.TraceIdentifier);
            }

            if (!context.Response.HasStarted)
            {
                await McpHttpResults.ErrorAsync(context, StatusCodes.Status500InternalServerError, GatewayErrorCodes.InternalError,
                    $"Internal error; the gateway's log has the details under trace id {context.TraceIdentifier}");
            }
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Error, Message = "{Method} {Path} failed (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, string traceId);
}
