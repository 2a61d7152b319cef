using System.Net;
using Gateway.TestUpstream.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.TestUpstream.Hosting;

/// <summary>HTTP mode: Streamable HTTP at /mcp on Kestrel, one MCP session per Mcp-Session-Id.</summary>
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
        builder.Services.AddSingleton<HttpSessionStore>();
        builder.Services.AddSingleton<StreamableHttpEndpoint>();
        builder.Services.AddSingleton<CredentialCheck>();

        await using var app = builder.Build();
        var credentials = app.Services.GetRequiredService<CredentialCheck>();
        app.Use(credentials.InvokeAsync);
        var endpoint = app.Services.GetRequiredService<StreamableHttpEndpoint>();
        app.MapPost(EndpointPath, endpoint.HandlePostAsync);
        app.MapGet(EndpointPath, endpoint.HandleGetAsync);
        app.MapDelete(EndpointPath, endpoint.HandleDeleteAsync);

        // Test hook: forget every session, as a server does when its sessions expire, so clients'
        // next requests get 404 for their session ids.
        app.MapGet("/test/stats", (Gateway.TestUpstream.Sessions.SessionRegistry sessions) =>
            Results.Ok(new { sessions = sessions.Open.Count(), cancelledCalls = Gateway.TestUpstream.Tools.ToolCounters.CancelledCalls, unauthorized = credentials.Refused }));
        app.MapPost("/test/expire-sessions", async (HttpSessionStore store) => Results.Ok(new { expired = await store.ExpireAllAsync() }));

        // Stopping fires before Kestrel drains its requests: end the sessions' calls so the drain is quick.
        app.Lifetime.ApplicationStopping.Register(app.Services.GetRequiredService<HttpSessionStore>().EndAll);

        await app.StartAsync();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.TestUpstream");
        Log.Started(logger, settings.Name, settings.Mode);

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
