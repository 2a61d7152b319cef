using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;

namespace Gateway.Tests.Upstreams;

/// <summary>A stdio process its session leaves unused for ProcessIdleTimeoutSeconds stops; the session's next call starts another.</summary>
public sealed class StdioIdleTimeoutTests : IAsyncLifetime
{
    private const string Upstream = "brief";

    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        var upstream = GatewayConfig.StdioUpstream(Upstream);
        upstream["ProcessIdleTimeoutSeconds"] = 1;
        _gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(upstream));
        await _gateway.WaitForUpstreamsAsync(Upstream);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task AnIdleProcess_Exits_AndTheSessionsNextCallRunsOnANewOne()
    {
        await using var client = await _gateway.ConnectAsync();
        var first = int.Parse(MergedEndpointTests.Text(await client.CallToolAsync("brief__pid")), System.Globalization.CultureInfo.InvariantCulture);

        await Poll.UntilAsync(() => Task.FromResult(!ChildProcesses.OfTestUpstream(Upstream).Contains(first)), "the idle process to exit");
        await Poll.UntilAsync(async () => await ProcessesAsync() == 0, "the admin API to count no process");

        var second = int.Parse(MergedEndpointTests.Text(await client.CallToolAsync("brief__pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(first, second);
        await using var other = await _gateway.ConnectAsync();
        Assert.Equal("other", MergedEndpointTests.Text(await other.CallToolAsync("brief__echo", new Dictionary<string, object?> { ["message"] = "other" })));
    }

    private async Task<int?> ProcessesAsync()
    {
        var upstreams = await _gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams");
        return (int?)upstreams!.Single(u => (string?)u!["name"] == Upstream)!["processes"];
    }
}
