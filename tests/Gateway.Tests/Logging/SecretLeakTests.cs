using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;
using ModelContextProtocol;
using Xunit.Abstractions;

namespace Gateway.Tests.Logging;

/// <summary>
/// A silo process logging at Debug, with upstreams whose credentials take every path the gateway
/// has (a static header, a client-credentials token, a token endpoint that refuses and repeats the
/// secret it was sent): none of the secrets, nor a token it was issued, appears in its console
/// output or in the admin API.
/// </summary>
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private const string StaticSecret = "leak-static-secret-3d8e17";
    private const string RefusedSecret = "leak-refused-secret-92c0aa";

    [Fact]
    public async Task Secrets_NeverAppearInTheLog_OrTheAdminApi()
    {
        await using var tokens = await TokenServer.StartAsync("leak-client-secret-6fb4d1", expiresIn: 3600);
        await using var refusing = await TokenServer.StartAsync(RefusedSecret, expiresIn: 3600, refusal: "invalid_client");
        await using var keyed = await TestUpstreamProcess.StartHttpAsync("keyed", 0, "--require-header", $"Authorization: Bearer {StaticSecret}");
        await using var tokened = await TestUpstreamProcess.StartHttpAsync("tokened", 0, "--bearer-tokens-file", tokens.TokensFile);
        var config = new JsonObject
        {
            ["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") },
            ["Serilog"] = new JsonObject { ["MinimumLevel"] = new JsonObject { ["Default"] = "Debug" } },
        };
        var silo = await SiloProcess.StartAsync(config, output);
        string admin;
        try
        {
            await AddAsync(silo, "keyed", keyed.Url, new JsonObject { ["type"] = "static", ["secret"] = StaticSecret, ["format"] = "prefix" });
            await AddAsync(silo, "tokened", tokened.Url, ClientCredentials(tokens));
            await AddAsync(silo, "refused", tokened.Url, ClientCredentials(refusing));
            await silo.WaitForConnectedAsync("keyed");
            await silo.WaitForConnectedAsync("tokened");
            var refused = await silo.WaitForUpstreamAsync("refused", u => (string?)u["state"] == "failed", "failed", TimeSpan.FromSeconds(30));
            Assert.Contains("invalid_client", (string?)refused["error"]);

            await using var client = await silo.ConnectAsync();
            foreach (var tool in new[] { "keyed__echo", "tokened__echo" })
            {
                Assert.Equal("ok", MergedEndpointTests.Text(await client.CallToolAsync(tool, new Dictionary<string, object?> { ["message"] = "ok" })));
            }

            // A call to the upstream whose token endpoint refuses: the refusal is logged and answered, naming the OAuth error.
            var failure = await Assert.ThrowsAsync<McpProtocolException>(
                async () => await client.CallToolAsync("refused__echo", new Dictionary<string, object?> { ["message"] = "no" }));
            Assert.Contains("invalid_client", failure.Message);
            admin = (await silo.GetUpstreamsAsync()).ToJsonString();
        }
        finally
        {
            // Stopped, so that every line it wrote is in its output.
            await silo.DisposeAsync();
        }

        Assert.NotEmpty(tokens.Issued);
        var secrets = new[] { StaticSecret, tokens.ClientSecret, RefusedSecret }.Concat(tokens.Issued).ToList();
        Assert.Contains("fetched an access token", silo.Output.Text);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, silo.Output.Text);
            Assert.DoesNotContain(secret, admin);
        }
    }

    private static JsonObject ClientCredentials(TokenServer server) => new()
    {
        ["type"] = "oauth-client-credentials", ["tokenUrl"] = server.TokenUrl, ["clientId"] = TokenServer.ClientId, ["clientSecret"] = server.ClientSecret,
    };

    private static async Task AddAsync(SiloProcess silo, string name, string url, JsonObject auth)
    {
        var response = await silo.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject { ["name"] = name, ["transport"] = "http", ["url"] = url, ["auth"] = auth });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
