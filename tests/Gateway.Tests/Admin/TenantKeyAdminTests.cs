using System.Net;
using System.Text.Json.Nodes;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static Gateway.Tests.Admin.TenantGateway;

namespace Gateway.Tests.Admin;

/// <summary>
/// API keys per tenant: a tenant's admin lists (config keys too), creates and revokes only its own
/// tenant's keys; another tenant's key answers as a missing one. Tenant names are checked in the
/// config file and the admin API alike.
/// </summary>
[Collection(TenantGatewayCollection.Name)]
public sealed class TenantKeyAdminTests(TenantGateway fixture)
{
    [Fact]
    public async Task ListKeys_ShowsOnlyTheKeysTheCallerGoverns_ConfigKeysToo()
    {
        await fixture.SendAsync("POST", "/admin/keys", RootKey, """{"name":"listed-globex","roles":["viewer"],"tenant":"globex"}""");

        var (_, acme) = await fixture.SendAsync("GET", "/admin/keys", AcmeViewerKey);
        var (_, globex) = await fixture.SendAsync("GET", "/admin/keys", GlobexAdminKey);
        var (_, root) = await fixture.SendAsync("GET", "/admin/keys", RootKey);

        Assert.All(acme!.AsArray(), k => Assert.Equal("acme", (string?)k!["tenant"]));
        Assert.Contains(acme.AsArray(), k => (string?)k!["name"] == "acme-viewer" && (string?)k["source"] == "config");
        Assert.All(globex!.AsArray(), k => Assert.Equal("globex", (string?)k!["tenant"]));
        Assert.Contains(globex.AsArray(), k => (string?)k!["name"] == "listed-globex");
        Assert.Equal(["acme-admin", "acme-viewer", "globex-admin", "listed-globex", "root"],
            root!.AsArray().Select(k => (string)k!["name"]!).Where(n => n is "acme-admin" or "acme-viewer" or "globex-admin" or "listed-globex" or "root").Order());
    }

    [Fact]
    public async Task CreateKey_ByATenantAdmin_IsOfItsTenant_AndAnotherTenantIsRefused()
    {
        var (created, body) = await fixture.SendAsync("POST", "/admin/keys", AcmeAdminKey, """{"name":"acme-made","roles":["viewer"]}""");
        var (refused, refusal) = await fixture.SendAsync("POST", "/admin/keys", AcmeAdminKey, """{"name":"acme-for-globex","tenant":"globex"}""");
        var (_, upstreams) = await fixture.SendAsync("GET", "/admin/upstreams", (string)body!["key"]!);
        var (_, keys) = await fixture.SendAsync("GET", "/admin/keys", RootKey);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("acme", (string?)body["tenant"]);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("tenant 'acme' may not create a key for tenant 'globex'", (string?)refusal!["detail"]);
        Assert.DoesNotContain(keys!.AsArray(), k => (string?)k!["name"] == "acme-for-globex");

        // The key made by acme's admin is acme's principal: it sees acme's upstreams only.
        Assert.Equal(["acme-tools"], upstreams!.AsArray().Where(u => (string?)u!["source"] == "config").Select(u => (string?)u!["name"]));
    }

    [Fact]
    public async Task RevokeKey_OfAnotherTenant_IsA404LikeAMissingOne_AndTheKeyKeepsWorking()
    {
        var (_, made) = await fixture.SendAsync("POST", "/admin/keys", GlobexAdminKey, """{"name":"globex-revocable","roles":["viewer"]}""");
        var key = (string)made!["key"]!;

        var (foreign, foreignBody) = await fixture.SendAsync("DELETE", "/admin/keys/globex-revocable", AcmeAdminKey);
        var (missing, missingBody) = await fixture.SendAsync("DELETE", "/admin/keys/globex-revocable-not", AcmeAdminKey);
        var (configured, configuredBody) = await fixture.SendAsync("DELETE", "/admin/keys/globex-admin", AcmeAdminKey);
        var (works, _) = await fixture.SendAsync("GET", "/admin/upstreams", key);
        var (revoked, _) = await fixture.SendAsync("DELETE", "/admin/keys/globex-revocable", GlobexAdminKey);
        var (stopped, _) = await fixture.SendAsync("GET", "/admin/upstreams", key);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign, missing, configured));
        Assert.Equal("No live key named 'globex-revocable'", (string?)foreignBody!["detail"]);
        Assert.Equal("No live key named 'globex-revocable-not'", (string?)missingBody!["detail"]);
        Assert.Equal("No live key named 'globex-admin'", (string?)configuredBody!["detail"]);
        Assert.Equal(HttpStatusCode.OK, works);
        Assert.Equal(HttpStatusCode.NoContent, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, stopped);
    }

    [Fact]
    public async Task CreateKey_WithATenantThatIsNotAName_IsRefusedNamingTheField()
    {
        var (status, body) = await fixture.SendAsync("POST", "/admin/keys", RootKey, """{"name":"dotted","tenant":"../acme"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'../acme' is not a valid tenant name", (string?)body!["errors"]!["tenant"]![0]);
    }

    [Fact]
    public async Task ConfigFile_WithBadTenantNames_RefusesToStart_NamingEachSetting()
    {
        var upstream = GatewayConfig.HttpUpstream("odd", "http://127.0.0.1:9/mcp");
        upstream["Tenant"] = "acme/eu";
        var config = GatewayConfig.Config(upstream);
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(new JsonObject { ["Name"] = "ops", ["Key"] = RootKey, ["Tenant"] = "-acme" }),
        };
        var data = Paths.NewTempDirectory();
        var file = Path.Combine(data, "tenants.json");
        config["DataDirectory"] = data;
        await File.WriteAllTextAsync(file, new JsonObject { ["Gateway"] = config }.ToJsonString());

        var error = Assert.Throws<OptionsValidationException>(() => GatewayHost.Build(["--config", file], file));

        Assert.Contains(error.Failures, f => f.Contains("Gateway:Upstreams:0:tenant") && f.Contains("'acme/eu' is not a valid tenant name"));
        Assert.Contains(error.Failures, f => f.Contains("Gateway:Auth:ApiKeys:0:Tenant") && f.Contains("'-acme' is not a valid tenant name"));
    }
}
