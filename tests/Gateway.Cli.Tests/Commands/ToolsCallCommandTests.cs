using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class ToolsCallCommandTests
{
    [Fact]
    public async Task Call_WithMalformedArgsJson_NamesTheProblemAndExits2()
    {
        var run = await CliRunner.RunAsync("--url", ClosedPort.Url(), "tools", "call", "echo", "--args", "{\"message\": hi}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--args is not valid JSON", run.Error);
        Assert.Contains("BytePositionInLine", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("[1,2]", "array")]
    [InlineData("\"hi\"", "string")]
    [InlineData("42", "number")]
    public async Task Call_WithArgsThatAreNotAnObject_SaysAnObjectIsNeededAndExits2(string json, string kind)
    {
        var run = await CliRunner.RunAsync("--url", ClosedPort.Url(), "tools", "call", "echo", "--args", json);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--args must be a JSON object", run.Error);
        Assert.Contains(kind, run.Error);
    }

    [Fact]
    public async Task Call_WhenGatewayIsUnreachable_Exits3WithoutStackTrace()
    {
        var url = ClosedPort.Url();

        var run = await CliRunner.RunAsync("--url", url, "tools", "call", "echo", "--args", "{\"message\":\"hi\"}");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith($"cannot reach the gateway at {url}/: ", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
