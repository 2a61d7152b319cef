using Gateway.Silo.Logging;
using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Gateway.Tests.Logging;

/// <summary>One request-log event per request, at a level that keeps the hot path out of an Information log.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData("POST", "/mcp", 200, 15, null, LogEventLevel.Debug)]
    [InlineData("POST", "/mcp", 202, 3, null, LogEventLevel.Debug)]
    [InlineData("POST", "/mcp", 200, 2500, "application/json", LogEventLevel.Information)]
    [InlineData("POST", "/mcp", 200, 2500, "text/event-stream", LogEventLevel.Debug)]
    [InlineData("GET", "/mcp", 200, 3_600_000, "text/event-stream", LogEventLevel.Debug)]
    [InlineData("GET", "/ws", 101, 3_600_000, null, LogEventLevel.Debug)]
    [InlineData("GET", "/ws", 426, 2, "application/json", LogEventLevel.Information)]
    [InlineData("POST", "/mcp", 400, 2, "application/json", LogEventLevel.Information)]
    [InlineData("DELETE", "/mcp", 404, 2, "application/json", LogEventLevel.Information)]
    [InlineData("POST", "/mcp", 401, 1, "application/json", LogEventLevel.Information)]
    [InlineData("POST", "/mcp", 499, 30_000, null, LogEventLevel.Debug)]
    [InlineData("POST", "/mcp", 500, 4, "application/json", LogEventLevel.Error)]
    [InlineData("POST", "/servers/alpha/mcp", 503, 4, "application/json", LogEventLevel.Error)]
    [InlineData("GET", "/health/ready", 503, 1, null, LogEventLevel.Debug)]
    [InlineData("GET", "/health/live", 200, 1, null, LogEventLevel.Debug)]
    public void Of_ChoosesByStatusTimeAndKind(string method, string path, int status, double elapsedMs, string? contentType, LogEventLevel expected)
    {
        var context = new DefaultHttpContext { Request = { Method = method, Path = path }, Response = { StatusCode = status, ContentType = contentType } };

        Assert.Equal(expected, RequestLogLevel.Of(context, elapsedMs, exception: null));
    }

    [Fact]
    public void Of_AFailureThatEscapedEverything_IsAnError_EvenOnAHealthEndpoint()
    {
        var context = new DefaultHttpContext { Request = { Path = "/health/ready" }, Response = { StatusCode = 200 } };

        Assert.Equal(LogEventLevel.Error, RequestLogLevel.Of(context, 1, new InvalidOperationException()));
    }
}
