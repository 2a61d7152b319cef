using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

public sealed class UpstreamsRemoveCommandTests
{
    [Fact]
    public async Task Remove_AdminUpstream_DeletesItAndExits0()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "remove", "weather");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(("DELETE", "/admin/upstreams/weather"), (Assert.Single(gateway.Requests).Method, gateway.Requests.Single().Path));
        Assert.False(gateway.Upstreams.ContainsKey("weather"));
        Assert.Contains("removed upstream weather", run.Out);
    }

    [Fact]
    public async Task Remove_UnknownName_PrintsNoUpstreamNamedAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "remove", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("no upstream named ghost", run.Error.Trim());
    }

    [Fact]
    public async Task Remove_ConfigUpstream_PrintsServerMessageAndExits1()
    {
        await using var gateway = await FakeGateway.StartAsync();

        var run = await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "remove", "files");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("upstream 'files' comes from the configuration file and cannot be removed at run time", run.Error.Trim());
        Assert.True(gateway.Upstreams.ContainsKey("files"));
    }

    [Fact]
    public async Task Remove_NameWithReservedCharacters_IsEscapedInThePath()
    {
        await using var gateway = await FakeGateway.StartAsync();

        await CliRunner.RunAsync("--url", gateway.BaseUrl.ToString(), "upstreams", "remove", "a/b c");

        Assert.Equal("/admin/upstreams/a%2Fb%20c", Assert.Single(gateway.Requests).RawTarget);
    }
}
