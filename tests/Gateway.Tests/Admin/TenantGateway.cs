using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Admin;

/// <summary>
/// One silo shared by the tenant tests: three real test upstreams, "acme-tools" (tenant acme, over
/// Streamable HTTP, so a tool changed through a session changes what the gateway reads),
/// "globex-tools" (tenant globex, stdio) and "shared" (no tenant, stdio); an admin of each tenant,
/// a viewer of acme and the operator's admin of no tenant. Each test uses names of its own.
/// </summary>
public sealed class TenantGateway : IAsyncLifetime
{
    public const string RootKey = "tenant-root-key-0123456789abcdef0123";
    public const string AcmeAdminKey = "tenant-acme-admin-0123456789abcdef01";
    public const string AcmeViewerKey = "tenant-acme-viewer-0123456789abcdef0";
    public const string GlobexAdminKey = "tenant-globex-admin-0123456789abcdef";

    public TestUpstreamProcess Acme { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Acme = await TestUpstreamProcess.StartHttpAsync("acme-tools");
        var acme = GatewayConfig.HttpUpstream("acme-tools", Acme.Url);
        acme["Tenant"] = "acme";
        var globex = GatewayConfig.StdioUpstream("globex-tools");
        globex["Tenant"] = "globex";
        var config = GatewayConfig.Config(acme, globex, GatewayConfig.StdioUpstream("shared"));
        config["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                Key("root", RootKey, null, "admin"),
                Key("acme-admin", AcmeAdminKey, "acme", "admin"),
                Key("acme-viewer", AcmeViewerKey, "acme", "viewer"),
                Key("globex-admin", GlobexAdminKey, "globex", "admin")),
        };

        // Admin upstreams at 127.0.0.1 (nothing listens on port 9): past the SSRF guard, so the checks under test are the tenant ones.
        config["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsWithKeyAsync(RootKey, "acme-tools", "globex-tools", "shared");
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(string method, string path, string key, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>An admin-API upstream nobody serves (port 9): enough for what the admin API does with it.</summary>
    public static string Upstream(string name, string? tenant = null) => new JsonObject
    {
        ["name"] = name,
        ["transport"] = "http",
        ["url"] = "http://127.0.0.1:9/mcp",
        ["tenant"] = tenant,
    }.ToJsonString();

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Acme.DisposeAsync();
    }

    private static JsonObject Key(string name, string key, string? tenant, params string[] roles)
    {
        var entry = new JsonObject { ["Name"] = name, ["Key"] = key, ["Roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r!)]) };
        if (tenant is not null)
        {
            entry["Tenant"] = tenant;
        }

        return entry;
    }
}

[CollectionDefinition(Name)]
public sealed class TenantGatewayCollection : ICollectionFixture<TenantGateway>
{
    public const string Name = "tenant gateway";
}
