using Gateway.TestUpstream.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Hosting;

/// <summary>stdio mode: one MCP session for the life of the process, over stdin/stdout, using the SDK's hosting extensions.</summary>
public static class StdioUpstreamHost
{
    public static async Task<int> RunAsync(UpstreamSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        UpstreamLogging.Configure(builder.Logging);

        var session = new UpstreamSession($"stdio-{Guid.NewGuid():N}");
        builder.Services.AddTestUpstream(settings);
        builder.Services
            .AddMcpServer()
            .WithStreamServerTransport(new EndOfInputStream(Console.OpenStandardInput(), session.End), Console.OpenStandardOutput());
        builder.Services
            .AddOptions<McpServerOptions>()
            .Configure<UpstreamServerOptions>((options, upstream) => upstream.Configure(options, session));

        using var host = builder.Build();

        session.Attach(host.Services.GetRequiredService<McpServer>());
        host.Services.GetRequiredService<SessionRegistry>().Add(session);

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.TestUpstream");
        Log.Started(logger, settings.Name, settings.Mode, "one session");

        // End of stdin ends the session (cancelling running calls); the SDK's hosted service then stops the host.
        await host.RunAsync();
        return 0;
    }
}
