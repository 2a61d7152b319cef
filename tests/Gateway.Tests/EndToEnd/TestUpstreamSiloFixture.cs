using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.EndToEnd;

/// <summary>A silo executable fronting the project's test upstream over stdio as "ts".</summary>
public sealed class TestUpstreamSiloFixture : IAsyncLifetime
{
    public const string Upstream = "ts";

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(GatewayInstance.Config(GatewayInstance.StdioUpstream(Upstream)));
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
