using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Upstreams;

/// <summary>An upstream that is down when the silo starts neither stops the silo nor hides the others.</summary>
public sealed class DownUpstreamTests(DownUpstreamFixture fixture, ITestOutputHelper output)
    : IClassFixture<DownUpstreamFixture>, IDisposable
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task HealthReady_WithAnUpstreamDown_Answers200()
    {
        using var response = await Silo.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CallTool_OnWorkingUpstreamWhileAnotherIsDown_Succeeds()
    {
        await using var client = await Silo.ConnectAsync();

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        var result = await client.CallToolAsync("ts__echo", new Dictionary<string, object?> { ["message"] = "still serving" });

        Assert.Contains("ts__echo", names);
        Assert.DoesNotContain(names, n => n.StartsWith(DownUpstreamFixture.Down, StringComparison.Ordinal));
        Assert.Equal("still serving", result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text);
    }

    [Fact]
    public async Task AdminUpstreams_WithAnUpstreamDown_ShowsItNotConnectedWithAnError()
    {
        // The first connection attempt runs in the background; its error appears once it fails.
        var view = await Silo.WaitForUpstreamAsync(
            DownUpstreamFixture.Down, u => !string.IsNullOrEmpty((string?)u["error"]), "reporting an error", TimeSpan.FromSeconds(30));

        Assert.Contains((string?)view["state"], new[] { "failed", "connecting" });
        Assert.Equal(0, (int?)view["toolCount"]);
    }

    [Fact]
    public async Task CallTool_OnPassThroughOfDownUpstream_ReturnsErrorNamingTheUpstream()
    {
        await using var client = await Silo.ConnectAsync(DownUpstreamFixture.Down);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "anyone?" }).AsTask());

        Assert.Contains($"'{DownUpstreamFixture.Down}'", error.Message);
    }

    public void Dispose()
    {
        if (fixture.Silo is { } silo)
        {
            output.WriteLine(silo.Describe());
        }
    }
}
