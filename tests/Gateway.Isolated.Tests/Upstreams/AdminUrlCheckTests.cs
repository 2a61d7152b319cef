using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Isolated.Tests.Infrastructure;

namespace Gateway.Isolated.Tests.Upstreams;

/// <summary>
/// POST /admin/upstreams with a URL whose host is an internal address, in any spelling: 400, a
/// problem naming the url field, the address and the rule; nothing added, nothing connected.
/// </summary>
[Collection(GuardedGatewayCollection.Name)]
public sealed class AdminUrlCheckTests(GuardedGatewayFixture fixture)
{
    private const string Hint = "allow it with Gateway:Network:AllowedUpstreamHosts or AllowedUpstreamNetworks";

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://127.1:22/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.0.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.1./mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001./mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]/mcp", "::1 is the loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/mcp", "::ffff:127.0.0.1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address")]
    [InlineData("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254 is an IPv4-mapped IPv6 address of 169.254.169.254, a cloud metadata address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe is a NAT64 address (RFC 6052) of 169.254.169.254, a cloud metadata address")]
    [InlineData("http://10.0.0.5/mcp", "10.0.0.5 is a private (RFC 1918) address")]
    [InlineData("http://0/mcp", "0.0.0.0 is an unspecified ('this network', RFC 1122) address")]
    [InlineData("http://[fe80::1%25lo]/mcp", "fe80::1 is a link-local address")]
    [InlineData("http://localhost/mcp", "localhost is a loopback name (RFC 6761)")]
    public async Task AddUpstream_InternalAddressInAnySpelling_Is400NamingTheRule(string url, string reason)
    {
        await AssertRefusedAsync(url, reason);
    }

    [Fact]
    public async Task AddUpstream_TheGatewaysOwnAdminUrl_Is400()
    {
        await AssertRefusedAsync(fixture.Gateway.BaseUrl + "/admin/upstreams", "127.0.0.1 is a loopback address");
    }

    [Fact]
    public async Task AddUpstream_ClaimingToComeFromTheConfigFile_IsStillChecked()
    {
        await AssertRefusedAsync("http://0x7f000001/mcp", "127.0.0.1 is a loopback address", claimFromConfig: true);
    }

    private async Task AssertRefusedAsync(string url, string reason, bool claimFromConfig = false)
    {
        var name = fixture.NewName("refused");

        var response = await fixture.AddHttpUpstreamAsync(name, url, claimFromConfig);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var urlErrors = problem["errors"]!["url"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Equal([$"'{url}' is refused: {reason}; {Hint}"], urlErrors);
        Assert.Contains(reason, (string?)problem["detail"]);

        var list = (await fixture.Gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!;
        Assert.Null(GuardedGatewayFixture.View(list, name));
        await fixture.AssertStillServesAsync();
    }
}
