using Gateway.Tests.Infrastructure;
using ModelContextProtocol;

namespace Gateway.Tests.Mcp;

/// <summary>Upstreams that expire sessions, crash mid-call or go away: clients see clear errors or nothing at all.</summary>
public sealed class UpstreamFailureTests : IAsyncLifetime
{
    private TestUpstreamProcess _alpha = null!;
    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        _alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        _gateway = await GatewayInstance.StartAsync(GatewayInstance.Config(
            GatewayInstance.HttpUpstream("alpha", _alpha.Url),
            GatewayInstance.StdioUpstream("beta")));
        await _gateway.WaitForUpstreamsAsync("alpha", "beta");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _alpha.DisposeAsync();
    }

    [Fact]
    public async Task ExpiredUpstreamSession_IsReinitialisedWithoutTheClientNoticing()
    {
        await using var client = await _gateway.ConnectAsync();
        Assert.Equal("1", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        Assert.Equal("2", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));

        using var http = new HttpClient();
        var expire = await http.PostAsync(new Uri(new Uri(_alpha.Url), "/test/expire-sessions"), null);
        expire.EnsureSuccessStatusCode();

        // A fresh upstream session: the count starts again, and no call failed.
        Assert.Equal("1", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        Assert.Equal("hi", MergedEndpointTests.Text(await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "hi" })));
    }

    [Fact]
    public async Task UpstreamCrashingMidCall_FailsThatCallOnly_AndTheNextCallWorks()
    {
        await using var victim = await _gateway.ConnectAsync();
        await using var bystander = await _gateway.ConnectAsync();
        Assert.Equal("ok", MergedEndpointTests.Text(await bystander.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "ok" })));

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => victim.CallToolAsync("beta__crash").AsTask());

        Assert.Contains("'beta'", error.Message);
        Assert.Equal("still here", MergedEndpointTests.Text(await bystander.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "still here" })));
        Assert.Equal("again", MergedEndpointTests.Text(await victim.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "again" })));
    }

    [Fact]
    public async Task UpstreamThatGoesAway_AnswersAnErrorNamingIt_AndComesBackWhenItReturns()
    {
        await using var client = await _gateway.ConnectAsync();
        var port = _alpha.Port;
        await _alpha.DisposeAsync();

        var error = await Poll.UntilAsync(
            async () => await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "x" }).AsTask()),
            e => e.Message.Contains("unavailable"), "alpha to be reported unavailable");
        Assert.Contains("'alpha'", error.Message);
        Assert.Equal("still", MergedEndpointTests.Text(await client.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "still" })));

        _alpha = await TestUpstreamProcess.StartHttpAsync("alpha", port);
        var back = await Poll.UntilAsync(
            async () => MergedEndpointTests.Text(await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "back" })),
            text => text == "back", "alpha to come back", TimeSpan.FromSeconds(60));
        Assert.Equal("back", back);
    }
}
