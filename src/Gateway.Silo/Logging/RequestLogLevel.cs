using Serilog.Events;

namespace Gateway.Silo.Logging;

/// <summary>
/// The level of the one event Serilog's request logging writes per HTTP request. At the default
/// minimum level (Information) the hot path writes nothing: a request answered in time is Debug.
/// Requests that failed on the gateway's side are Error, those refused as the client's fault, and
/// plain answers slower than <see cref="SlowAnswer"/>, are Information. An SSE stream and a
/// WebSocket (status 101) are exempt from the time rule (they stay open as long as their client
/// wants), and so are the health
/// endpoints from the status rules: load balancers poll them, and their answer is their own signal.
/// </summary>
public static class RequestLogLevel
{
    /// <summary>Per-tool latency is in /admin/tools (p50, p99); this only points at outliers.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(2);

    public static LogEventLevel Of(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        if (exception is not null)
        {
            return LogEventLevel.Error;
        }

        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return LogEventLevel.Debug;
        }

        return context.Response.StatusCode switch
        {
            >= 500 => LogEventLevel.Error,

            // The client went away before its answer: nothing went wrong here.
            StatusCodes.Status499ClientClosedRequest => LogEventLevel.Debug,
            >= 400 => LogEventLevel.Information,
            _ when elapsedMilliseconds >= SlowAnswer.TotalMilliseconds && !IsStream(context.Response) => LogEventLevel.Information,
            _ => LogEventLevel.Debug,
        };
    }

    private static bool IsStream(HttpResponse response) =>
        response.StatusCode == StatusCodes.Status101SwitchingProtocols
        || response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
}
