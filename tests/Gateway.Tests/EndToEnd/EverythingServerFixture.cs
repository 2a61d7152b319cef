using System.Text.Json.Nodes;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A silo executable fronting the official "everything" reference server from npm, run over
/// stdio through npx exactly as a user would configure it.
/// </summary>
public sealed class EverythingServerFixture : IAsyncLifetime
{
    public const string Upstream = "everything";

    /// <summary>Pinned so a new release cannot rename the tools these tests call.</summary>
    private const string Package = "@modelcontextprotocol/server-everything@2026.8.31";

    /// <summary>npx downloads the package on first use, which can take a minute or more.</summary>
    private static readonly TimeSpan FirstDownload = TimeSpan.FromMinutes(3);

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var upstream = new JsonObject
        {
            ["Name"] = Upstream,
            ["Transport"] = "stdio",
            ["Command"] = OperatingSystem.IsWindows() ? "npx.cmd" : "npx",
            ["Args"] = new JsonArray("-y", Package, "stdio"),
            ["Env"] = new JsonObject(),
        };
        Silo = await SiloProcess.StartAsync(new JsonObject { ["Upstreams"] = new JsonArray(upstream) });
        await Silo.WaitForConnectedAsync(Upstream, FirstDownload);
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
