using System.Text.Json.Nodes;
using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Connect;

/// <summary><c>gateway connect</c> in-process, with stdin and stdout as byte streams: what the stdio client gets when no gateway answers.</summary>
public sealed class StdioBridgeTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Fact]
    public async Task ALineThatIsNotJson_GetsAParseErrorOnStdout_AndTheBridgeCarriesOn()
    {
        var url = ClosedPort.Url() + "/mcp";

        var run = await CliRunner.RunWithStdinAsync("this is not json\n" + Initialize + "\n", "connect", url);

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.Out);
        Assert.Equal(2, lines.Count);
        Assert.Equal(-32700, (int?)lines[0]["error"]?["code"]);
        Assert.Null(lines[0]["id"]);
        Assert.Equal(1, (int?)lines[1]["id"]);
        Assert.Contains("a line on stdin is not JSON", run.Error);
    }

    [Fact]
    public async Task WhenTheGatewayIsUnreachable_TheRequestGetsAnErrorNamingIt_NotSilence()
    {
        var baseUrl = ClosedPort.Url();

        var run = await CliRunner.RunWithStdinAsync(Initialize + "\n", "connect", baseUrl + "/mcp");

        var answer = Assert.Single(Lines(run.Out));
        Assert.Equal(1, (int?)answer["id"]);
        Assert.Equal(-32603, (int?)answer["error"]?["code"]);
        Assert.StartsWith($"cannot reach the gateway at {baseUrl}/mcp: ", (string?)answer["error"]?["message"]);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task ANotificationThatCannotBeDelivered_IsReportedOnStderrOnly()
    {
        var run = await CliRunner.RunWithStdinAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""" + "\n", "connect", ClosedPort.Url() + "/mcp");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("a notifications/initialized did not reach the gateway", run.Error);
    }

    private static List<JsonNode> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
}
