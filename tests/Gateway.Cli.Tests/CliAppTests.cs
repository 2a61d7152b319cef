using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task Run_UnknownCommand_PrintsErrorAndExits2()
    {
        var run = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Error);
    }

    [Fact]
    public async Task Run_Help_ListsCommandsAndExits0()
    {
        var run = await CliRunner.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("upstreams", run.Out);
        Assert.Contains("tools", run.Out);
    }

    [Fact]
    public async Task Run_Help_NeverPrintsTheApiKeyFromEnvironment()
    {
        var run = await CliRunner.RunAsync(new Dictionary<string, string> { ["GATEWAY_API_KEY"] = "top-secret" }, "upstreams", "list", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("top-secret", run.Out);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("localhost:4444")]
    public async Task Run_GatewayUrlThatIsNotHttp_ExitsWithUsageError(string url)
    {
        var run = await CliRunner.RunAsync("--url", url, "upstreams", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not an absolute http:// or https:// URL", run.Error);
    }
}
