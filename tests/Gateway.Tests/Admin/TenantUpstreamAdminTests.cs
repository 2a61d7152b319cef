using System.Net;
using System.Text.Json.Nodes;
using static Gateway.Tests.Admin.TenantGateway;

namespace Gateway.Tests.Admin;

/// <summary>
/// Upstreams and their tools through the admin API, per tenant: a tenant's admin lists, adds and
/// removes only its own tenant's; another tenant's upstream answers as one that does not exist,
/// except that its name stays taken; the operator (no tenant) governs all and sets any tenant.
/// </summary>
[Collection(TenantGatewayCollection.Name)]
public sealed class TenantUpstreamAdminTests(TenantGateway fixture)
{
    [Theory]
    [InlineData(RootKey, new[] { "acme-tools", "globex-tools", "shared" })]
    [InlineData(AcmeAdminKey, new[] { "acme-tools" })]
    [InlineData(AcmeViewerKey, new[] { "acme-tools" })]
    [InlineData(GlobexAdminKey, new[] { "globex-tools" })]
    public async Task ListUpstreams_ShowsOnlyTheUpstreamsTheCallerGoverns_WithTheirTenant(string key, string[] expected)
    {
        var (status, body) = await fixture.SendAsync("GET", "/admin/upstreams", key);

        Assert.Equal(HttpStatusCode.OK, status);
        var configured = body!.AsArray().Where(u => (string?)u!["source"] == "config").ToList();
        Assert.Equal(expected, configured.Select(u => (string?)u!["name"]).Order());
        Assert.All(configured, u => Assert.Equal(TenantOf((string)u!["name"]!), (string?)u["tenant"]));
    }

    [Theory]
    [InlineData(RootKey, new[] { "acme-tools", "globex-tools", "shared" })]
    [InlineData(AcmeViewerKey, new[] { "acme-tools" })]
    [InlineData(GlobexAdminKey, new[] { "globex-tools" })]
    public async Task ListTools_ShowsOnlyTheToolsOfUpstreamsTheCallerGoverns(string key, string[] expected)
    {
        var (status, body) = await fixture.SendAsync("GET", "/admin/tools", key);

        Assert.Equal(HttpStatusCode.OK, status);
        var tools = body!["tools"]!.AsArray();
        Assert.Equal(expected, tools.Select(t => (string?)t!["upstream"]).Distinct().Order());
        Assert.Contains(tools, t => (string?)t!["name"] == expected[0] + "__echo");
        Assert.All(tools, t => Assert.Equal(TenantOf((string)t!["upstream"]!), (string?)t["tenant"]));
    }

    [Fact]
    public async Task AddUpstream_ByATenantAdmin_TakesItsTenant_AnotherTenantIsRefused_TheOperatorSetsAny()
    {
        var (own, ownBody) = await fixture.SendAsync("POST", "/admin/upstreams", AcmeAdminKey, Upstream("acme-added"));
        var (other, otherBody) = await fixture.SendAsync("POST", "/admin/upstreams", AcmeAdminKey, Upstream("acme-for-globex", "globex"));
        var (byRoot, rootBody) = await fixture.SendAsync("POST", "/admin/upstreams", RootKey, Upstream("root-for-globex", "globex"));
        var (_, globexList) = await fixture.SendAsync("GET", "/admin/upstreams", GlobexAdminKey);
        var (_, acmeList) = await fixture.SendAsync("GET", "/admin/upstreams", AcmeAdminKey);

        Assert.Equal(HttpStatusCode.Created, own);
        Assert.Equal("acme", (string?)ownBody!["tenant"]);
        Assert.Equal(HttpStatusCode.Forbidden, other);
        Assert.Contains("tenant 'acme' may not create an upstream for tenant 'globex'", (string?)otherBody!["detail"]);
        Assert.Equal(HttpStatusCode.Created, byRoot);
        Assert.Equal("globex", (string?)rootBody!["tenant"]);
        Assert.Contains(globexList!.AsArray(), u => (string?)u!["name"] == "root-for-globex");
        Assert.DoesNotContain(acmeList!.AsArray(), u => (string?)u!["name"] is "root-for-globex" or "acme-for-globex");
        Assert.Contains(acmeList.AsArray(), u => (string?)u!["name"] == "acme-added" && (string?)u["source"] == "admin");
    }

    [Fact]
    public async Task RemoveUpstream_OfAnotherTenant_IsA404LikeAMissingOne_ButItsNameStaysTaken()
    {
        await fixture.SendAsync("POST", "/admin/upstreams", GlobexAdminKey, Upstream("globex-removable"));

        var (foreign, foreignBody) = await fixture.SendAsync("DELETE", "/admin/upstreams/globex-removable", AcmeAdminKey);
        var (missing, missingBody) = await fixture.SendAsync("DELETE", "/admin/upstreams/globex-removable-not", AcmeAdminKey);
        var (configured, configuredBody) = await fixture.SendAsync("DELETE", "/admin/upstreams/globex-tools", AcmeAdminKey);
        var (taken, takenBody) = await fixture.SendAsync("POST", "/admin/upstreams", AcmeAdminKey, Upstream("globex-removable"));
        var (_, stillThere) = await fixture.SendAsync("GET", "/admin/upstreams", GlobexAdminKey);
        var (removed, _) = await fixture.SendAsync("DELETE", "/admin/upstreams/globex-removable", GlobexAdminKey);
        var (ownConfigured, _) = await fixture.SendAsync("DELETE", "/admin/upstreams/globex-tools", GlobexAdminKey);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign, missing, configured));
        Assert.Equal("No upstream named 'globex-removable'", (string?)foreignBody!["detail"]);
        Assert.Equal("No upstream named 'globex-removable-not'", (string?)missingBody!["detail"]);
        Assert.Equal("No upstream named 'globex-tools'", (string?)configuredBody!["detail"]);
        Assert.Equal((string?)missingBody["title"], (string?)foreignBody["title"]);
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Contains("cluster-wide", (string?)takenBody!["detail"]);
        Assert.Contains(stillThere!.AsArray(), u => (string?)u!["name"] == "globex-removable" && (string?)u["tenant"] == "globex");
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.Equal(HttpStatusCode.Conflict, ownConfigured);
    }

    [Fact]
    public async Task AddUpstream_WithATenantThatIsNotAName_IsRefusedNamingTheField()
    {
        var (status, body) = await fixture.SendAsync("POST", "/admin/upstreams", RootKey, Upstream("bad-tenant", "acme corp"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'acme corp' is not a valid tenant name", (string?)body!["errors"]!["tenant"]![0]);
        Assert.DoesNotContain((await fixture.SendAsync("GET", "/admin/upstreams", RootKey)).Body!.AsArray(), u => (string?)u!["name"] == "bad-tenant");
    }

    private static string? TenantOf(string upstream) => upstream switch
    {
        "acme-tools" => "acme",
        "globex-tools" => "globex",
        _ => null,
    };
}
