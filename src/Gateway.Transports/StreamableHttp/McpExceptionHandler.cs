using Gateway.Protocol;
using Gateway.Transports.Answers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gateway.Transports.StreamableHttp;

/// <summary>
/// The last line behind the MCP endpoints, called by ASP.NET Core's exception handler middleware
/// for a failure nobody anticipated, before any of the response was sent: the client gets a JSON-RPC
/// error instead of a bare 500, and the silo carries on serving. A gateway node that died with the
/// request on it is said so (503, -32052); anything else is an internal error (500, -32603) that
/// points at the log entry by trace id. A client that went away gets nothing and leaves no error.
/// Other endpoints (admin, health) are left to the middleware's plain 500.
/// </summary>
public sealed partial class McpExceptionHandler(ILogger<McpExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var failed = httpContext.Features.Get<IExceptionHandlerFeature>();
        if (failed?.Endpoint?.Metadata.GetMetadata<McpEndpointMetadata>() is null)
        {
            return false;
        }

        if (exception is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        JsonRpcErrorResult answer;
        if (exception is SiloUnavailableException lost)
        {
            answer = JsonRpcErrorResult.Of(StatusCodes.Status503ServiceUnavailable, GatewayErrorCodes.UpstreamFailed,
                GatewayErrorCodes.NodeWentAway(lost.Message));
        }
        else
        {
            LogFailed(logger, exception, httpContext.Request.Method, failed.Path, httpContext.TraceIdentifier);
            answer = JsonRpcErrorResult.Of(StatusCodes.Status500InternalServerError, GatewayErrorCodes.InternalError,
                $"Internal error; the gateway's log has the details under trace id {httpContext.TraceIdentifier}");
        }

        await answer.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Error, Message = "{Method} {Path} failed (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, string traceId);
}
