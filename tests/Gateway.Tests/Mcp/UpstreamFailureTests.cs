using Gateway.Tests.Infrastructure;
using ModelContextProtocol;

namespace Gateway.Tests.Mcp;

/// <summary>Upstreams that expire sessions, crash mid-call or go away: clients see clear errors or nothing at all.</summary>
public sealed class UpstreamFailureTests(TwoUpstreamsFixture fixture) : IClassFixture<TwoUpstreamsFixture>
{
    [Fact]
    public async Task ExpiredUpstreamSession_IsReinitialisedWithoutTheClientNoticing()
    {
        await using var client = await fixture.Gateway.ConnectAsync();
        Assert.Equal("1", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        Assert.Equal("2", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));

        using var http = new HttpClient();
        var expire = await http.PostAsync(new Uri(new Uri(fixture.Alpha.Url), "/test/expire-sessions"), null);
        expire.EnsureSuccessStatusCode();

        // A fresh upstream session: the count starts again, and no call failed.
        Assert.Equal("1", MergedEndpointTests.Text(await client.CallToolAsync("alpha__counter")));
        Assert.Equal("hi", MergedEndpointTests.Text(await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "hi" })));
    }

    [Fact]
    public async Task UpstreamCrashingMidCall_FailsThatCallOnly_AndTheNextCallWorks()
    {
        await using var victim = await fixture.Gateway.ConnectAsync();
        await using var bystander = await fixture.Gateway.ConnectAsync();
        Assert.Equal("ok", MergedEndpointTests.Text(await bystander.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "ok" })));

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => victim.CallToolAsync("beta__crash").AsTask());

        Assert.Contains("'beta'", error.Message);
        Assert.Equal("still here", MergedEndpointTests.Text(await bystander.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "still here" })));
        Assert.Equal("again", MergedEndpointTests.Text(await victim.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "again" })));
    }

    [Fact]
    public async Task UpstreamThatGoesAway_AnswersAnErrorNamingIt_AndComesBackWhenItReturns()
    {
        await using var client = await fixture.Gateway.ConnectAsync();
        var port = fixture.Alpha.Port;
        await fixture.Alpha.DisposeAsync();

        var error = await Poll.UntilAsync(
            async () => await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "x" }).AsTask()),
            e => e.Message.Contains("unavailable"), "alpha to be reported unavailable");
        Assert.Contains("'alpha'", error.Message);
        Assert.Equal("still", MergedEndpointTests.Text(await client.CallToolAsync("beta__echo", new Dictionary<string, object?> { ["message"] = "still" })));

        await fixture.RestartAlphaAsync(port);
        var back = await Poll.UntilAsync(
            async () => MergedEndpointTests.Text(await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "back" })),
            text => text == "back", "alpha to come back", TimeSpan.FromSeconds(60));
        Assert.Equal("back", back);
    }
}
