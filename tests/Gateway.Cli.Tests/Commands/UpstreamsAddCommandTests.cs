using System.Text.Json.Nodes;
using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class UpstreamsAddCommandTests
{
    [Fact]
    public async Task Add_Http_PostsNameTransportUrlAndHeaders()
    {
        await using var gateway = await FakeGateway.StartAsync();

        // The gateway's --url comes before 'upstreams'; the one after 'add' is the upstream's.
        var run = await CliRunner.RunAsync(
            "--url", gateway.BaseUrl.ToString(),
            "upstreams", "add", "b", "--transport", "http", "--url", "http://127.0.0.1:3001/mcp", "--header", "X=y", "--header", "Authorization=Bearer a=b");

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(gateway.Requests);
        Assert.Equal(("POST", "/admin/upstreams"), (request.Method, request.Path));
        Assert.StartsWith("application/json", request.ContentType);
        AssertJsonEqual(
            """{"name":"b","transport":"http","url":"http://127.0.0.1:3001/mcp","headers":{"X":"y","Authorization":"Bearer a=b"}}""",
            request.Body);
        Assert.Contains("added upstream b", run.Out);
        Assert.Contains("connecting", run.Out);
    }

    [Fact]
    public async Task Add_Stdio_PostsCommandArgsAndEnv()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync(
            "--url", gateway.BaseUrl.ToString(),
            "upstreams", "add", "c", "--transport", "stdio", "--command", "node", "--arg", "s.js", "--arg=--verbose", "--env", "K=V", "--env", "TOKEN=a=b");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertJsonEqual(
            """{"name":"c","transport":"stdio","command":"node","args":["s.js","--verbose"],"env":{"K":"V","TOKEN":"a=b"}}""",
            Assert.Single(gateway.Requests).Body);
        Assert.Contains("node s.js --verbose", run.Out);
    }

    [Fact]
    public async Task Add_WithTenant_PostsTheTenant()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync(
            "--url", gateway.BaseUrl.ToString(),
            "upstreams", "add", "t", "--url", "http://127.0.0.1:3001/mcp", "--tenant", "acme");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertJsonEqual(
            """{"name":"t","transport":"http","url":"http://127.0.0.1:3001/mcp","headers":{},"tenant":"acme"}""",
            Assert.Single(gateway.Requests).Body);
    }

    [Fact]
    public async Task Add_ScopedNpmPackageArgument_IsPassedOn_NotReadAsAResponseFile()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync(
            "--url", gateway.BaseUrl.ToString(),
            "upstreams", "add", "fs", "--command", "npx", "--arg", "-y", "--arg", "@modelcontextprotocol/server-filesystem", "--arg", "/tmp");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertJsonEqual(
            """{"name":"fs","transport":"stdio","command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"],"env":{}}""",
            Assert.Single(gateway.Requests).Body);
    }

    [Fact]
    public async Task Add_WithoutTransport_InfersStdioFromCommandAndSendsEmptyArgsAndEnv()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "add", "d", "--command", "uvx");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertJsonEqual("""{"name":"d","transport":"stdio","command":"uvx","args":[],"env":{}}""", Assert.Single(gateway.Requests).Body);
    }

    [Fact]
    public async Task Add_WhenNameExists_PrintsServerMessageAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "add", "files", "--command", "node");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("an upstream named 'files' already exists", run.Error.Trim());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Add_WhenServerRejectsAField_PrintsDetailAndFieldErrors()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "add", "Bad Name", "--url", "http://127.0.0.1:3001/mcp");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the upstream is not valid", run.Error);
        Assert.Contains("name: must match ^[a-z0-9-]+$", run.Error);
    }

    [Theory]
    [InlineData("--transport", "stdio")]
    [InlineData("--transport", "http", "--command", "node")]
    [InlineData("--command", "node", "--header", "X=y")]
    [InlineData("--command", "node", "--env", "NOEQUALS")]
    [InlineData("--url", "not-a-url")]
    [InlineData("--transport", "ftp", "--url", "ftp://x")]
    public async Task Add_WithInconsistentOptions_ExitsWithUsageErrorBeforeSendingAnything(params string[] options)
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync(["--url", gateway.BaseUrl.ToString(), "upstreams", "add", "e", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("gateway upstreams add --help", run.Error);
        Assert.Empty(gateway.Requests);
    }

    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");
}
