using System.Net;
using Gateway.Tests.Infrastructure;
using static Gateway.Tests.Admin.TenantGateway;

namespace Gateway.Tests.Admin;

/// <summary>
/// Tool pins per tenant: a tenant's principal sees the pins and held definitions of its own
/// tenant's upstreams only, and approving or rejecting another tenant's held tool answers as if
/// nothing were held.
/// </summary>
[Collection(TenantGatewayCollection.Name)]
public sealed class TenantPinAdminTests(TenantGateway fixture)
{
    [Theory]
    [InlineData(RootKey, new[] { "acme-tools", "globex-tools", "shared" })]
    [InlineData(AcmeViewerKey, new[] { "acme-tools" })]
    [InlineData(GlobexAdminKey, new[] { "globex-tools" })]
    public async Task ListPins_ShowsOnlyThePinsOfUpstreamsTheCallerGoverns(string key, string[] expected)
    {
        var (status, body) = await fixture.SendAsync("GET", "/admin/pins", key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, body!["pins"]!.AsArray().Select(p => (string?)p!["upstream"]).Distinct().Order());
    }

    [Fact]
    public async Task HeldToolOfAnotherTenant_IsUnseen_AndItsApproveAndRejectAnswerNothingHeld()
    {
        await using var client = await fixture.Gateway.ConnectAsync(apiKey: AcmeAdminKey);
        var changed = await client.CallToolAsync("acme-tools__set_description",
            new Dictionary<string, object?> { ["name"] = "add", ["description"] = "Adds two numbers, now differently." });
        Assert.Equal("changed add", Mcp.MergedEndpointTests.Text(changed));
        await Poll.UntilAsync(async () => (await fixture.SendAsync("GET", "/admin/pins", AcmeAdminKey)).Body!["pending"]!.AsArray()
            .Any(p => (string?)p!["upstream"] == "acme-tools" && (string?)p["tool"] == "add"), "acme-tools' add to be held");

        var (_, globexPins) = await fixture.SendAsync("GET", "/admin/pins", GlobexAdminKey);
        var (approve, approveBody) = await fixture.SendAsync("POST", "/admin/pins/acme-tools/add/approve", GlobexAdminKey);
        var (reject, rejectBody) = await fixture.SendAsync("POST", "/admin/pins/acme-tools/add/reject", GlobexAdminKey);
        var (_, nothingBody) = await fixture.SendAsync("POST", "/admin/pins/acme-tools/echo/approve", GlobexAdminKey);
        var (_, stillHeld) = await fixture.SendAsync("GET", "/admin/pins", AcmeAdminKey);
        var (approved, pin) = await fixture.SendAsync("POST", "/admin/pins/acme-tools/add/approve", AcmeAdminKey);

        Assert.DoesNotContain(globexPins!["pending"]!.AsArray(), p => (string?)p!["upstream"] == "acme-tools");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (approve, reject));
        Assert.Equal("No definition of tool 'add' of upstream 'acme-tools' is held for approval (GET /admin/pins lists those that are)", (string?)approveBody!["detail"]);
        Assert.Equal((string?)approveBody["detail"], (string?)rejectBody!["detail"]);
        Assert.Equal((string?)nothingBody!["title"], (string?)approveBody["title"]);
        Assert.Contains(stillHeld!["pending"]!.AsArray(), p => (string?)p!["tool"] == "add" && p["rejectedAt"] is null);
        Assert.Equal(HttpStatusCode.OK, approved);
        Assert.Equal("key:acme-admin", (string?)pin!["approvedBy"]);
    }
}
