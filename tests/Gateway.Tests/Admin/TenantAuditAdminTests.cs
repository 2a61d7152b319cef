using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Admin.TenantGateway;

namespace Gateway.Tests.Admin;

/// <summary>
/// The audit log and the cluster's facts per tenant: a tenant's admin reads only its tenant's
/// audit lines, the operator all of them or one tenant's (the limit counting matching lines);
/// /admin/cluster is the operator's alone.
/// </summary>
[Collection(TenantGatewayCollection.Name)]
public sealed class TenantAuditAdminTests(TenantGateway fixture)
{
    [Fact]
    public async Task Audit_ATenantAdminReadsItsOwnLines_TheOperatorFiltersByTenant_AndTheLimitCountsMatches()
    {
        await fixture.SendAsync("POST", "/admin/keys", AcmeAdminKey, """{"name":"audited-acme","roles":["viewer"]}""");
        await AuditFiles.WaitForAsync(fixture.Gateway.DataDirectory, l => (string?)l["target"] == "audited-acme", "acme's line");
        await fixture.SendAsync("POST", "/admin/keys", GlobexAdminKey, """{"name":"audited-globex","roles":["viewer"]}""");
        await AuditFiles.WaitForAsync(fixture.Gateway.DataDirectory, l => (string?)l["target"] == "audited-globex", "globex's line");

        var acme = await EntriesAsync("/admin/audit", AcmeAdminKey);
        var (refused, refusal) = await fixture.SendAsync("GET", "/admin/audit?tenant=globex", AcmeAdminKey);
        var globexByRoot = await EntriesAsync("/admin/audit?tenant=globex", RootKey);
        var all = await EntriesAsync("/admin/audit", RootKey);
        var newestAcme = await EntriesAsync("/admin/audit?tenant=acme&limit=1", RootKey);

        Assert.All(acme, e => Assert.Equal("acme", (string?)e["tenant"]));
        Assert.Contains(acme, e => (string?)e["target"] == "audited-acme");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("tenant 'acme' reads only its own tenant's audit lines, not those of tenant 'globex'", (string?)refusal!["detail"]);
        Assert.All(globexByRoot, e => Assert.Equal("globex", (string?)e["tenant"]));
        Assert.Contains(globexByRoot, e => (string?)e["target"] == "audited-globex");
        Assert.Contains(all, e => (string?)e["target"] == "audited-acme");
        Assert.Contains(all, e => (string?)e["target"] == "audited-globex");

        // Globex's line is newer, yet the one line asked for is acme's: each silo filtered before it counted.
        Assert.Equal("acme", (string?)Assert.Single(newestAcme)["tenant"]);
    }

    [Fact]
    public async Task Audit_WithATenantThatIsNotAName_IsRefusedNamingTheParameter()
    {
        var (status, body) = await fixture.SendAsync("GET", "/admin/audit?tenant=a%20b", RootKey);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'a b' is not a valid tenant name", (string?)body!["errors"]!["tenant"]![0]);
    }

    [Theory]
    [InlineData("/admin/cluster")]
    [InlineData("/admin/cluster/grains/catalog/cluster")]
    public async Task Cluster_IsForThePrincipalsOfNoTenant(string path)
    {
        var (tenant, refusal) = await fixture.SendAsync("GET", path, AcmeAdminKey);
        var (viewer, _) = await fixture.SendAsync("GET", path, AcmeViewerKey);
        var (root, _) = await fixture.SendAsync("GET", path, RootKey);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (tenant, viewer));
        Assert.Contains("only a principal of no tenant may read it (this one is of tenant 'acme')", (string?)refusal!["detail"]);
        Assert.Equal(HttpStatusCode.OK, root);
    }

    private async Task<List<JsonObject>> EntriesAsync(string path, string key)
    {
        var (status, body) = await fixture.SendAsync("GET", path, key);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body!["entries"]!.AsArray().Select(e => e!.AsObject())];
    }
}
