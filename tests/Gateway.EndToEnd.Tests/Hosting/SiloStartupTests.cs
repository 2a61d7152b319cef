using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Hosting;

/// <summary>The silo executable refuses a dangerous or broken configuration: it exits non-zero and says why.</summary>
public sealed class SiloStartupTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_OnNonLoopbackAddressWithoutAuth_ExitsNamingGatewayUrls()
    {
        var gateway = GatewayConfig.Config();
        gateway["Urls"] = $"http://0.0.0.0:{FreeTcpPort.Pick()}";
        await using var silo = SiloProcess.Launch(gateway, output);

        var exitCode = await silo.WaitForExitAsync(ExitDeadline);

        Assert.True(exitCode != 0, $"expected a non-zero exit code. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("Gateway:Urls", StringComparison.Ordinal), $"expected the output to name Gateway:Urls. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("0.0.0.0", StringComparison.Ordinal), $"expected the output to name the address. {silo.Describe()}");
    }

    [Fact]
    public async Task Start_WithUnknownUpstreamTransport_ExitsNamingTheTransport()
    {
        var upstream = new JsonObject { ["Name"] = "pigeons", ["Transport"] = "carrier-pigeon", ["Url"] = "http://127.0.0.1:9/mcp" };
        await using var silo = SiloProcess.Launch(GatewayConfig.Config(upstream), output);

        var exitCode = await silo.WaitForExitAsync(ExitDeadline);

        Assert.True(exitCode != 0, $"expected a non-zero exit code. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("Gateway:Upstreams:0:transport", StringComparison.OrdinalIgnoreCase), $"expected the output to name the setting. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("carrier-pigeon", StringComparison.Ordinal), $"expected the output to name the bad value. {silo.Describe()}");
    }

    [Fact]
    public async Task Start_WithAnUnreachablePostgresStore_ExitsNamingGatewayStorage()
    {
        var gateway = GatewayConfig.Config();
        gateway["Storage"] = new JsonObject
        {
            ["Provider"] = "postgres",
            ["ConnectionString"] = $"Host=127.0.0.1;Port={FreeTcpPort.Pick()};Username=nobody;Password=x;Database=none;Timeout=3",
        };
        await using var silo = SiloProcess.Launch(gateway, output);

        var exitCode = await silo.WaitForExitAsync(ExitDeadline);

        Assert.True(exitCode != 0, $"expected a non-zero exit code. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("Gateway:Storage", StringComparison.Ordinal), $"expected the output to name Gateway:Storage. {silo.Describe()}");
    }

    [Fact]
    public async Task Start_WithPostgresStoreButNoConnectionString_ExitsNamingTheSetting()
    {
        var gateway = GatewayConfig.Config();
        gateway["Storage"] = new JsonObject { ["Provider"] = "postgres" };
        await using var silo = SiloProcess.Launch(gateway, output);

        var exitCode = await silo.WaitForExitAsync(ExitDeadline);

        Assert.True(exitCode != 0, $"expected a non-zero exit code. {silo.Describe()}");
        Assert.True(silo.Output.Text.Contains("Gateway:Storage:ConnectionString", StringComparison.Ordinal), $"expected the output to name the setting. {silo.Describe()}");
    }
}
