using System.Net;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Admin.TenantGateway;

namespace Gateway.Tests.Admin;

/// <summary>
/// GET /admin/sessions: the open MCP sessions of the principals the caller governs, each named by
/// the short hash of its id (never the id), with its principal, tenant, virtual server, opening
/// time and lease end; a session closed is gone from the list.
/// </summary>
[Collection(TenantGatewayCollection.Name)]
public sealed class TenantSessionAdminTests(TenantGateway fixture)
{
    [Fact]
    public async Task Sessions_ListOnlyTheSessionsTheCallerGoverns_ByHashNeverById()
    {
        var acmeServer = new RawMcp(fixture.Gateway.Http, "/servers/acme-tools/mcp");
        var merged = new RawMcp(fixture.Gateway.Http);
        var acme = await acmeServer.InitializeAsync(apiKey: AcmeViewerKey);
        var globex = await merged.InitializeAsync(apiKey: GlobexAdminKey);
        var root = await merged.InitializeAsync(apiKey: RootKey);

        var (status, asAcme, acmeText) = await ListAsync("/admin/sessions", AcmeViewerKey);
        var (_, asRoot, rootText) = await ListAsync("/admin/sessions", RootKey);

        Assert.Equal(HttpStatusCode.OK, status);
        var mine = Assert.Single(asAcme, s => (string?)s["session"] == SessionIds.ForLog(acme));
        Assert.Equal(("key:acme-viewer", "acme", "acme-tools"), ((string?)mine["principal"], (string?)mine["tenant"], (string?)mine["server"]));
        Assert.True((DateTimeOffset)mine["leaseEndsAt"]! > (DateTimeOffset)mine["openedAt"]!);
        Assert.All(asAcme, s => Assert.Equal("acme", (string?)s["tenant"]));
        Assert.DoesNotContain(asAcme, s => (string?)s["session"] == SessionIds.ForLog(globex));
        Assert.Contains(asRoot, s => (string?)s["session"] == SessionIds.ForLog(globex) && (string?)s["tenant"] == "globex" && s["server"] is null);
        Assert.Contains(asRoot, s => (string?)s["session"] == SessionIds.ForLog(root) && s["tenant"] is null);
        Assert.Contains(asRoot, s => (string?)s["session"] == SessionIds.ForLog(acme));
        foreach (var id in new[] { acme, globex, root })
        {
            Assert.DoesNotContain(id, acmeText + rootText);
        }
    }

    [Fact]
    public async Task Sessions_FilterByPrincipalAndLimit_AndAClosedSessionIsGone()
    {
        var raw = new RawMcp(fixture.Gateway.Http);
        var first = await raw.InitializeAsync(apiKey: AcmeAdminKey);
        var second = await raw.InitializeAsync(apiKey: AcmeAdminKey);
        await raw.InitializeAsync(apiKey: AcmeViewerKey);

        var (_, byPrincipal, _) = await ListAsync("/admin/sessions?principal=key:acme-admin", RootKey);
        var (_, limited, _) = await ListAsync("/admin/sessions?limit=1", AcmeAdminKey);
        var (bad, badBody) = await fixture.SendAsync("GET", "/admin/sessions?limit=0", AcmeAdminKey);
        Assert.Equal(HttpStatusCode.OK, await raw.DeleteAsync(first, AcmeAdminKey));
        var (_, afterClose, _) = await ListAsync("/admin/sessions?principal=key:acme-admin", AcmeAdminKey);

        Assert.All(byPrincipal, s => Assert.Equal("key:acme-admin", (string?)s["principal"]));
        Assert.Contains(byPrincipal, s => (string?)s["session"] == SessionIds.ForLog(first));
        Assert.Contains(byPrincipal, s => (string?)s["session"] == SessionIds.ForLog(second));
        Assert.Single(limited);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("'0' is not a whole number from 1 to 1000", (string?)badBody!["detail"]);
        Assert.DoesNotContain(afterClose, s => (string?)s["session"] == SessionIds.ForLog(first));
        Assert.Contains(afterClose, s => (string?)s["session"] == SessionIds.ForLog(second));
    }

    private async Task<(HttpStatusCode Status, List<JsonObject> Sessions, string Text)> ListAsync(string path, string key)
    {
        var (status, body) = await fixture.SendAsync("GET", path, key);
        return (status, [.. body!["sessions"]!.AsArray().Select(s => s!.AsObject())], body.ToJsonString());
    }
}
