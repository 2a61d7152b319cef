using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Upstreams;

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

    private static readonly string Npx = OperatingSystem.IsWindows() ? "npx.cmd" : "npx";

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await DownloadAsync();
        var upstream = new JsonObject
        {
            ["Name"] = Upstream,
            ["Transport"] = "stdio",
            ["Command"] = Npx,
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

    /// <summary>
    /// Fills npx's cache before the silo starts: a first download can outlast the gateway's
    /// upstream initialization timeout, and every retry would start it over.
    /// </summary>
    private static async Task DownloadAsync()
    {
        var result = await ExternalCommand.RunAsync(
            Npx, ["-y", "--package", Package, "--", "node", "-e", ""], Path.GetTempPath(), FirstDownload);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npx could not fetch {Package}: {result}");
        }
    }
}
