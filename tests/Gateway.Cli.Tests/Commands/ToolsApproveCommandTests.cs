using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class ToolsApproveCommandTests
{
    [Fact]
    public async Task Approve_UpstreamAndTool_PostsToItsPinAndSaysItIsServed()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "approve", "weather", "forecast");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(("POST", "/admin/pins/weather/forecast/approve"), (Assert.Single(gateway.Requests).Method, gateway.Requests.Single().Path));
        Assert.Equal("approved weather__forecast (fedcba987654): it is served again", run.Out.Trim());
        Assert.False(gateway.Held.ContainsKey("weather/forecast"));
    }

    [Fact]
    public async Task Approve_NameInTheCatalog_IsLookedUpAmongTheHeldTools()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "approve", "files__send_file");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["GET /admin/pins", "POST /admin/pins/files/send_file/approve"], gateway.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.False(gateway.Held.ContainsKey("files/send_file"));
    }

    [Fact]
    public async Task Approve_NameNotHeld_SaysWhereToLookAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "approve", "files__read_file");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("no tool named files__read_file is held for approval ('gateway tools pending' lists those that are)", run.Error.Trim());
        Assert.DoesNotContain(gateway.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Approve_ToolTheGatewayDoesNotHold_ShowsTheGatewaysReasonAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "approve", "weather", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No definition of tool 'ghost' of upstream 'weather' is held for approval", run.Error);
    }

    [Fact]
    public async Task Reject_KeepsTheToolHeldAndSaysSo()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "reject", "weather__forecast");
        var pending = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "tools", "pending");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("rejected tool forecast of upstream weather: it stays held", run.Out.Trim());
        Assert.Contains("changed, rejected", Assert.Single(pending.Out.Split('\n'), l => l.Contains(" weather__forecast ", StringComparison.Ordinal)));
    }
}
