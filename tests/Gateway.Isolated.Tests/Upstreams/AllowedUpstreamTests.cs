using System.Net;
using Gateway.Isolated.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.Isolated.Tests.Upstreams;

/// <summary>What Gateway:Network allows, by host name or by network, an admin upstream may reach: it connects and serves tools/call.</summary>
[Collection(GuardedGatewayCollection.Name)]
public sealed class AllowedUpstreamTests(GuardedGatewayFixture fixture)
{
    [Theory]
    [InlineData("127.0.0.3", IsolatedNetwork.AllowedName)]
    [InlineData(IsolatedNetwork.AllowedAddress, IsolatedNetwork.AllowedAddress)]
    public async Task AdminUpstreamTheOperatorAllowed_ConnectsAndServesToolsCall(string listenOn, string urlHost)
    {
        await using var upstream = await TestUpstreamProcess.StartHttpAsync("allowed", 0, "--host", listenOn);
        var name = fixture.NewName("allowed");

        var created = await fixture.AddHttpUpstreamAsync(name, $"http://{urlHost}:{upstream.Port}/mcp");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await fixture.Gateway.WaitForUpstreamsAsync(name);
        await using var client = await fixture.Gateway.ConnectAsync();
        Assert.Equal("through", GuardedGatewayFixture.Text(await client.CallToolAsync($"{name}__echo", new Dictionary<string, object?> { ["message"] = "through" })));
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Gateway.Http.DeleteAsync($"/admin/upstreams/{name}")).StatusCode);
        await fixture.AssertStillServesAsync();
    }
}
