using System.Text.Json.Nodes;
using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class UpstreamsListCommandTests
{
    [Fact]
    public async Task List_PrintsOneRowPerUpstreamWithTargetStateAndError()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        var files = Row(run.Out, "files");
        Assert.Contains("stdio", files);
        Assert.Contains("node server.js --root \"/srv/my docs\"", files);
        Assert.Contains("config", files);
        Assert.Contains("connected", files);
        Assert.Contains(" 3 ", files);
        var weather = Row(run.Out, "weather");
        Assert.Contains("http://127.0.0.1:3001/mcp", weather);
        Assert.Contains("admin", weather);
        Assert.Contains("failed", weather);
        Assert.Contains("connection refused", weather);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task List_WithJson_PrintsTheGatewaysJson()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var upstreams = JsonNode.Parse(run.Out)!.AsArray();
        Assert.Equal(["files", "weather"], upstreams.Select(u => (string)u!["name"]!));
    }

    [Fact]
    public async Task List_WithApiKey_SendsItAsBearerToken()
    {
        await using var gateway = await FakeGateway.StartAsync(apiKey: "s3cret");

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "--api-key", "s3cret", "upstreams", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Bearer s3cret", Assert.Single(gateway.Requests).Authorization);
    }

    [Fact]
    public async Task List_WithWrongApiKey_ReportsUnauthorizedAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync(apiKey: "s3cret");

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "--api-key", "wrong", "upstreams", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401", run.Error);
        Assert.Contains("--api-key", run.Error);
    }

    [Fact]
    public async Task List_WithoutOptions_TakesUrlAndApiKeyFromEnvironment()
    {
        await using var gateway = await FakeGateway.StartAsync(apiKey: "from-env");
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = gateway.BaseUrl.ToString(),
            ["GATEWAY_API_KEY"] = "from-env",
        };

        var run = await CliRunner.RunAsync(environment, "upstreams", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("weather", run.Out);
    }

    [Fact]
    public async Task List_WhenGatewayIsUnreachable_PrintsOneClearLineAndExits3()
    {
        var url = ClosedPort.Url();

        var run = await CliRunner.RunAsync("--url", url, "upstreams", "list");

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cannot reach the gateway at {url}/: ", line);
        Assert.Equal("", run.Out);
    }

    private static string Row(string table, string name) =>
        Assert.Single(table.Split('\n'), line => line.Contains($" {name} ", StringComparison.Ordinal));
}
