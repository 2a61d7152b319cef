using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class ToolsListCommandTests
{
    [Fact]
    public async Task List_WhenGatewayIsUnreachable_Exits3WithOneLine()
    {
        var url = ClosedPort.Url();

        var run = await CliRunner.RunAsync("--url", url, "tools", "list", "--server", "files");

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cannot reach the gateway at {url}/: ", line);
    }

    [Fact]
    public async Task List_WhenEndpointIsNotMcp_ReportsTheHttpStatusAndExits1()
    {
        // The fake gateway serves only the admin API, so /mcp answers 404.
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("the gateway answered 404 Not Found: no MCP endpoint at that address", run.Error);
        Assert.Equal("/mcp", gateway.Requests.First().Path);
    }

    [Fact]
    public async Task List_WithUnknownServer_ShowsTheGatewaysReasonAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "list", "--server", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("the gateway answered 404 Not Found: unknown server 'ghost'", run.Error.Trim());
        Assert.Equal("/servers/ghost/mcp", gateway.Requests.First().Path);
    }

    [Fact]
    public async Task List_WithWrongApiKey_ReportsUnauthorizedAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync(apiKey: "s3cret");

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "--api-key", "nope", "tools", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("401 Unauthorized", run.Error);
        Assert.Equal("Bearer nope", gateway.Requests.First().Authorization);
    }
}
