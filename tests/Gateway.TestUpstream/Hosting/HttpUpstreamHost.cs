using System.Net;
using Gateway.TestUpstream.Http;
using Gateway.TestUpstream.Sessions;
using Gateway.TestUpstream.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;

namespace Gateway.TestUpstream.Hosting;

/// <summary>
/// HTTP mode: the SDK's Streamable HTTP endpoint (MapMcp) at /mcp on Kestrel, one MCP session per
/// Mcp-Session-Id, or none at all with <c>--stateless</c>. In front of it: the credential checks,
/// and with <c>--stateless</c> the refusal of initialize-based revisions; beside it, /test hooks.
/// </summary>
public static class HttpUpstreamHost
{
    public const string EndpointPath = "/mcp";

    public static async Task<int> RunAsync(UpstreamSettings settings)
    {
        // Args are not passed on: the upstream's options are not ASP.NET Core configuration.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        UpstreamLogging.Configure(builder.Logging);
        builder.WebHost.UseKestrel(kestrel =>
        {
            if (IPAddress.TryParse(settings.Host, out var address))
            {
                kestrel.Listen(address, settings.Port);
            }
            else
            {
                kestrel.ListenLocalhost(settings.Port);
            }
        });

        builder.Services.AddTestUpstream(settings);
        builder.Services.AddSingleton<CredentialCheck>();
        builder.Services.AddSingleton<SessionlessOnlyGate>();
        builder.Services.AddSingleton<HttpSessions>();
        builder.Services.AddSingleton<SessionExpiry>();
        builder.Services.AddMcpServer().WithHttpTransport();
        builder.Services
            .AddOptions<HttpServerTransportOptions>()
            .Configure<HttpSessions>((options, sessions) => sessions.Configure(options));

        await using var app = builder.Build();
        var credentials = app.Services.GetRequiredService<CredentialCheck>();
        app.Use(credentials.InvokeAsync);
        if (settings.Stateless)
        {
            app.Use(app.Services.GetRequiredService<SessionlessOnlyGate>().InvokeAsync);
        }

        app.MapMcp(EndpointPath);

        // Test hooks, which need no credential: what reached the upstream, and forgetting every
        // session as a server does when its sessions expire (clients' next requests get 404).
        var registry = app.Services.GetRequiredService<SessionRegistry>();
        app.MapGet("/test/stats", () =>
            Results.Ok(new { sessions = registry.Open.Count(), cancelledCalls = ToolCounters.CancelledCalls, unauthorized = credentials.Refused }));
        app.MapPost("/test/expire-sessions", async (SessionExpiry expiry, CancellationToken cancellationToken) =>
            Results.Ok(new { expired = await expiry.ExpireAllAsync(cancellationToken) }));

        // Stopping fires before Kestrel drains its requests: end the sessions' calls so the drain is quick.
        app.Lifetime.ApplicationStopping.Register(registry.EndAll);

        await app.StartAsync();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.TestUpstream");
        Log.Started(logger, settings.Name, settings.Mode, settings.Stateless ? "stateless" : "sessions");

        var url = BoundEndpoint(app, settings);
        Log.Listening(logger, url);

        // The one stdout line a harness waits for; with --port 0 it is the only way to learn the port.
        await Console.Out.WriteLineAsync($"LISTENING {url}");
        await Console.Out.FlushAsync();

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static string BoundEndpoint(WebApplication app, UpstreamSettings settings)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = IPAddress.TryParse(settings.Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{settings.Host}]"
            : settings.Host;
        return $"http://{host}:{port}{EndpointPath}";
    }
}
