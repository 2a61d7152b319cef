using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Hosting;

/// <summary>
/// The silo's console log redacts by data classification: an upstream's stderr line is
/// <c>[UpstreamText]</c>, so the gateway's event for it keeps the line but not the credentials in
/// it. (The enricher's regex leaves the gateway's own events alone, so this is the classification
/// at work; the SDK's own event for the same line is masked by the enricher.)
/// </summary>
public sealed class LogRedactionTests(ITestOutputHelper output)
{
    private const string Token = "sk-live-0badc0de";
    private const string Password = "hunter2-pw";

    [Fact]
    public async Task AnUpstreamsStderrLine_IsLoggedWithoutTheCredentialsItCarries()
    {
        var (command, args) = TestUpstreamProcess.StdioCommand("noisy");
        var script = $"echo 'connecting with Authorization: Bearer {Token} to https://bob:{Password}@db.example/x' >&2; exec {command} {string.Join(' ', args)}";
        var upstream = new System.Text.Json.Nodes.JsonObject
        {
            ["Name"] = "noisy",
            ["Transport"] = "stdio",
            ["Command"] = "/bin/sh",
            ["Args"] = new System.Text.Json.Nodes.JsonArray("-c", script),
        };

        await using var silo = await SiloProcess.StartAsync(GatewayConfig.Config(upstream), output,
            extraArgs: ["--Serilog:MinimumLevel:Override:Gateway.Upstreams.Transports.StdioTransportFactory=Debug"]);

        var line = await Poll.UntilAsync(
            () => Task.FromResult(silo.Output.Text.Split('\n').FirstOrDefault(l => l.Contains("\"Id\":1200", StringComparison.Ordinal) && l.Contains("connecting with", StringComparison.Ordinal))),
            l => l is not null, "the gateway's event for the stderr line");
        Assert.Contains("Authorization: Bearer *** to https://***@db.example/x", line);
        Assert.Contains("Gateway.Upstreams.Transports.StdioTransportFactory", line);
        Assert.DoesNotContain(Token, silo.Output.Text);
        Assert.DoesNotContain(Password, silo.Output.Text);
    }
}
