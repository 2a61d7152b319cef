using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Gateway.Transports;
using Gateway.Transports.StreamableHttp;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gateway.Tests.Mcp;

/// <summary>
/// The exception handler middleware with <see cref="McpExceptionHandler"/>, as the silo wires it
/// (UseMcpExceptionHandler), in front of endpoints that fail in ways no handler anticipated.
/// </summary>
public sealed class McpExceptionHandlerTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId Id)> _logged = new();
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abortedSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(new CollectingLoggerProvider(_logged)).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddExceptionHandler<McpExceptionHandler>();
        _app = builder.Build();
        _app.UseMcpExceptionHandler();
        _app.MapPost("/mcp", () => Fail(new InvalidOperationException("no handler saw this coming"))).WithMetadata(McpEndpointMetadata.Instance);
        _app.MapPost("/lost", () => Fail(new SiloUnavailableException("silo S1 is dead"))).WithMetadata(McpEndpointMetadata.Instance);
        _app.MapPost("/hang", async (HttpContext c) =>
        {
            try
            {
                _hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, c.RequestAborted);
            }
            finally
            {
                _abortedSeen.TrySetResult();
            }
        }).WithMetadata(McpEndpointMetadata.Instance);
        _app.MapGet("/stream", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/event-stream";
            await c.Response.WriteAsync("event: message\ndata: {}\n\n");
            await c.Response.Body.FlushAsync();
            throw new InvalidOperationException("failed mid-stream");
        }).WithMetadata(McpEndpointMetadata.Instance);
        _app.MapGet("/admin/boom", () => Fail(new InvalidOperationException("admin failure")));
        _app.MapGet("/ok", () => "ok");
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task UnanticipatedFailure_IsAJsonRpcInternalErrorPointingAtTheTraceId_AndTheProcessCarriesOn()
    {
        using var response = await _http.PostAsync("/mcp", new StringContent("{}"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(-32603, RawMcp.ErrorCode(body));
        Assert.Matches("^Internal error; the gateway's log has the details under trace id .+", RawMcp.ErrorMessage(body));
        Assert.Single(_logged, e => e.Level >= LogLevel.Error);
        Assert.Contains(_logged, e => e.Id.Id == 1700 && e.Level == LogLevel.Error);
        Assert.Equal("ok", await _http.GetStringAsync("/ok"));
    }

    [Fact]
    public async Task GatewayNodeLostWithTheRequest_Is503WithUpstreamFailed()
    {
        using var response = await _http.PostAsync("/lost", new StringContent("{}"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(-32052, RawMcp.ErrorCode(body));
        Assert.Contains("went away", RawMcp.ErrorMessage(body));
        Assert.Contains("silo S1 is dead", RawMcp.ErrorMessage(body));
    }

    [Fact]
    public async Task ClientThatWentAway_LeavesNoError()
    {
        using (var cancel = new CancellationTokenSource())
        {
            var request = _http.PostAsync("/hang", new StringContent("{}"), cancel.Token);
            await _hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }

        await _abortedSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("ok", await _http.GetStringAsync("/ok"));
        Assert.DoesNotContain(_logged, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AFailureAfterTheStreamStarted_BreaksTheStream_AndTheProcessCarriesOn()
    {
        using var response = await _http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsStringAsync());
        Assert.Equal("ok", await _http.GetStringAsync("/ok"));
    }

    [Fact]
    public async Task OtherEndpoints_GetAPlain500()
    {
        using var response = await _http.GetAsync("/admin/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    private static IResult Fail(Exception exception) => throw exception;

    private sealed class CollectingLoggerProvider(ConcurrentQueue<(string, LogLevel, EventId)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class Collecting(string category, ConcurrentQueue<(string, LogLevel, EventId)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, eventId));
        }
    }
}
