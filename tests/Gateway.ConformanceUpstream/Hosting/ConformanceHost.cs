using System.Net;
using Gateway.ConformanceUpstream.Prompts;
using Gateway.ConformanceUpstream.Resources;
using Gateway.ConformanceUpstream.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Gateway.ConformanceUpstream.Hosting;

/// <summary>
/// Streamable HTTP at /mcp on loopback, served by the SDK's <c>MapMcp</c>. Stateful: suite 0.1.16
/// drives revision 2025-11-25 through <c>initialize</c> and asks for sampling and elicitation in
/// the middle of tool calls, which only a session can carry.
/// </summary>
public static class ConformanceHost
{
    public const string EndpointPath = "/mcp";
    public const string ServerName = "gateway-conformance-upstream";

    public static async Task<int> RunAsync(ConformanceSettings settings)
    {
        // Args are not passed on: the upstream's options are not ASP.NET Core configuration.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        ConformanceLogging.Configure(builder.Logging);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));

        // test_reconnection ends its POST stream mid-call (SEP-1699): the SDK keeps the stream's
        // events in this store, so the client's GET with Last-Event-ID gets the result.
        // The SDK marks stateful mode as the back-compat path for 2025-11-25 and earlier, which is
        // exactly the revision this server is for.
        builder.Services.AddDistributedMemoryCache();
#pragma warning disable MCP9006
        builder.Services
            .AddMcpServer(options => options.ServerInfo = new Implementation { Name = ServerName, Version = "1.0.0" })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateful)
            .WithDistributedCacheEventStreamStore()
#pragma warning restore MCP9006
            .WithToolsFromAssembly()
            .WithTools([new JsonSchema2020Tool()])
            .WithResourcesFromAssembly()
            .WithSubscribeToResourcesHandler(ResourceSubscriptions.SubscribeAsync)
            .WithUnsubscribeFromResourcesHandler(ResourceSubscriptions.UnsubscribeAsync)
            .WithPromptsFromAssembly()
            .WithCompleteHandler(ArgumentCompletions.CompleteAsync);

        await using var app = builder.Build();
        app.UseMiddleware<LoopbackOnlyMiddleware>();
        app.MapMcp(EndpointPath);
        await app.StartAsync();

        var url = BoundEndpoint(app);
        Log.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.ConformanceUpstream"), url);

        // The one stdout line a harness waits for; with --port 0 it is the only way to learn the port.
        await Console.Out.WriteLineAsync($"LISTENING {url}");
        await Console.Out.FlushAsync();

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static string BoundEndpoint(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return $"http://127.0.0.1:{new Uri(address).Port}{EndpointPath}";
    }
}
