using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An HTTP server on a loopback address that gives every request the same answer (a status,
/// headers, a body) and counts the requests: a misbehaving upstream, or one that redirects.
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CannedHttpServer(WebApplication app) => _app = app;

    /// <summary>Like http://127.0.0.1:40123; the path is the caller's to choose, as every path gets the same answer.</summary>
    public string BaseUrl => _app.Urls.First().TrimEnd('/');

    public int Port => new Uri(BaseUrl).Port;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CannedHttpServer> StartAsync(
        HttpStatusCode status, string body = "", IReadOnlyDictionary<string, string>? headers = null, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Parse(address), 0));
        var app = builder.Build();
        var server = new CannedHttpServer(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            context.Response.StatusCode = (int)status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
