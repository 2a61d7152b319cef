using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Upstreams;

/// <summary>
/// A silo executable configured with a working stdio upstream and an HTTP upstream on a loopback
/// port nobody listens on, so that upstream is down from the start.
/// </summary>
public sealed class DownUpstreamFixture : IAsyncLifetime
{
    public const string Working = "ts";

    /// <summary>Distinctive, so an error that names it cannot match by accident.</summary>
    public const string Down = "closed-port";

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var closedPort = FreeTcpPort.Pick();
        Silo = await SiloProcess.StartAsync(GatewayConfig.Config(
            GatewayConfig.HttpUpstream(Down, $"http://127.0.0.1:{closedPort}/mcp"),
            GatewayConfig.StdioUpstream(Working)));
        await Silo.WaitForConnectedAsync(Working);
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
