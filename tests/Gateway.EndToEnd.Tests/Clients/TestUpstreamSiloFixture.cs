using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Clients;

/// <summary>A silo executable fronting the project's test upstream over stdio as "ts".</summary>
public sealed class TestUpstreamSiloFixture : IAsyncLifetime
{
    public const string Upstream = "ts";

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(GatewayConfig.Config(GatewayConfig.StdioUpstream(Upstream)));
        await Silo.WaitForConnectedAsync(Upstream);
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
