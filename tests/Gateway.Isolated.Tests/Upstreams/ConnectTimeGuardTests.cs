using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Isolated.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.Isolated.Tests.Upstreams;

/// <summary>
/// Names pass the URL check, so the guard judges what they resolve to when the gateway connects:
/// an admin upstream whose name resolves inward is accepted (201) but never connected; its status
/// names the host, the address and the rule. A redirect is not followed.
/// </summary>
[Collection(GuardedGatewayCollection.Name)]
public sealed class ConnectTimeGuardTests(GuardedGatewayFixture fixture)
{
    private const string Hint = "allow it with Gateway:Network:AllowedUpstreamHosts or AllowedUpstreamNetworks";

    [Fact]
    public async Task NameResolvingToLoopback_IsRefusedAtConnect_AndNothingConnects()
    {
        await using var listener = new ConnectionCounter("127.0.0.1");
        var name = fixture.NewName("loop");

        // The body's claim to be the operator's own upstream counts for nothing.
        var created = await fixture.AddHttpUpstreamAsync(name, $"http://{IsolatedNetwork.LoopName}:{listener.Port}/mcp", claimFromConfig: true);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await fixture.WaitForUpstreamAsync(name, u => (string?)u["state"] == "failed", "to be refused");
        Assert.Equal($"refused to connect to {IsolatedNetwork.LoopName}: 127.0.0.1 is a loopback address; {Hint}", (string?)GuardedGatewayFixture.View(list, name)!["error"]);
        Assert.Equal(0, listener.Connections);
        await fixture.AssertStillServesAsync();
    }

    [Theory]
    [InlineData(IsolatedNetwork.InternalName, "10.0.0.5 is a private (RFC 1918) address")]
    [InlineData(IsolatedNetwork.MetadataName, "169.254.169.254 is a cloud metadata address")]
    public async Task NameResolvingToAnInternalAddress_IsRefusedAtConnect(string host, string reason)
    {
        var name = fixture.NewName("internal");

        var created = await fixture.AddHttpUpstreamAsync(name, $"http://{host}/mcp");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await fixture.WaitForUpstreamAsync(name, u => (string?)u["state"] == "failed", "to be refused");
        Assert.Equal($"refused to connect to {host}: {reason}; {Hint}", (string?)GuardedGatewayFixture.View(list, name)!["error"]);
        await fixture.AssertStillServesAsync();
    }

    [Fact]
    public async Task ATokenEndpointResolvingToLoopback_IsRefusedAtConnect_AndNeitherItNorTheUpstreamIsSentAnything()
    {
        await using var tokenEndpoint = new ConnectionCounter("127.0.0.1");
        await using var upstream = await CannedHttpServer.StartAsync(HttpStatusCode.OK, address: IsolatedNetwork.AllowedAddress);
        var name = fixture.NewName("oauth");

        var created = await fixture.Gateway.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject
        {
            ["name"] = name, ["transport"] = "http", ["url"] = upstream.BaseUrl + "/mcp",
            ["auth"] = new JsonObject
            {
                ["type"] = "oauth-client-credentials", ["tokenUrl"] = $"https://{IsolatedNetwork.LoopName}:{tokenEndpoint.Port}/token",
                ["clientId"] = "gateway", ["clientSecret"] = "isolated-client-secret",
            },
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await fixture.WaitForUpstreamAsync(name, u => (string?)u["state"] == "failed", "to be refused");
        Assert.Equal($"refused to connect to {IsolatedNetwork.LoopName}: 127.0.0.1 is a loopback address; {Hint}", (string?)GuardedGatewayFixture.View(list, name)!["error"]);
        Assert.Equal(0, tokenEndpoint.Connections);
        Assert.Equal(0, upstream.Requests);
        await fixture.AssertStillServesAsync();
    }

    [Fact]
    public async Task RedirectToAnInternalAddress_IsNotFollowed()
    {
        await using var target = new ConnectionCounter("127.0.0.1");
        await using var redirector = await CannedHttpServer.StartAsync(
            HttpStatusCode.Found,
            headers: new Dictionary<string, string> { ["Location"] = $"http://127.0.0.1:{target.Port}/" },
            address: IsolatedNetwork.AllowedAddress);
        var name = fixture.NewName("redirect");

        var created = await fixture.AddHttpUpstreamAsync(name, redirector.BaseUrl + "/mcp");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await fixture.WaitForUpstreamAsync(name, u => (string?)u["state"] == "failed", "to fail on the redirect");
        Assert.Equal("HTTP 302 Found: a redirect, which the gateway does not follow", (string?)GuardedGatewayFixture.View(list, name)!["error"]);
        Assert.True(redirector.Requests > 0, "the gateway never reached the allowed redirector");
        Assert.Equal(0, target.Connections);
        await fixture.AssertStillServesAsync();
    }
}
