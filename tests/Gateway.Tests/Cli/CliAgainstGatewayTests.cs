using Gateway.Cli;
using Gateway.Cli.Hosting;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cli;

/// <summary>The `gateway` command against a real silo: tools over MCP, upstreams over the admin API.</summary>
public sealed class CliAgainstGatewayTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    [Fact]
    public async Task ToolsList_ShowsTheMergedCatalog()
    {
        var (code, output, _) = await RunAsync("tools", "list");

        Assert.Equal(0, code);
        Assert.Contains("alpha__echo", output);
        Assert.Contains("beta__slow", output);
    }

    [Fact]
    public async Task ToolsCall_PrintsTheResult_AndAToolErrorExitsWithOne()
    {
        var (ok, output, _) = await RunAsync("tools", "call", "alpha__add", "--args", """{"a":20,"b":22}""");
        var (failed, _, error) = await RunAsync("tools", "call", "alpha__fail", "--args", """{"message":"nope"}""");

        Assert.Equal(0, ok);
        Assert.Contains("42", output);
        Assert.Equal(1, failed);
        Assert.Contains("nope", error);
    }

    [Fact]
    public async Task ToolsCall_OnAVirtualServer_UsesOriginalNames()
    {
        var (code, output, _) = await RunAsync("tools", "call", "echo", "--server", "beta", "--args", """{"message":"via cli"}""");

        Assert.Equal(0, code);
        Assert.Contains("via cli", output);
    }

    [Fact]
    public async Task UpstreamsAddListRemove_RoundTripsThroughTheAdminApi()
    {
        var (command, args) = TestUpstreamProcess.StdioCommand("clied");
        var addArgs = new List<string> { "upstreams", "add", "clied", "--command", command };
        foreach (var arg in args)
        {
            addArgs.Add($"--arg={arg}");
        }

        var (added, _, addError) = await RunAsync([.. addArgs]);
        Assert.True(added == 0, addError);
        await fixture.Gateway.WaitForUpstreamsAsync("clied");

        var (listed, table, _) = await RunAsync("upstreams", "list");
        var (called, echoed, callError) = await RunAsync("tools", "call", "clied__echo", "--args", """{"message":"new upstream"}""");
        var (removed, _, _) = await RunAsync("upstreams", "remove", "clied");
        var (again, _, missing) = await RunAsync("upstreams", "remove", "clied");

        Assert.Equal(0, listed);
        Assert.Contains("clied", table);
        Assert.Contains("alpha", table);
        Assert.True(called == 0, callError);
        Assert.Contains("new upstream", echoed);
        Assert.Equal(0, removed);
        Assert.Equal(1, again);
        Assert.Contains("clied", missing);
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost { Out = output, Error = error, ConsoleWidth = 200, GetEnvironmentVariable = _ => null };
        var code = await CliApp.RunAsync(["--url", fixture.Gateway.BaseUrl, .. args], host);
        return (code, output.ToString(), error.ToString());
    }
}
