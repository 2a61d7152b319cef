using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;

namespace Gateway.Tests.Admin;

/// <summary>
/// Secrets at rest on a silo of its own: what the admin API was given in plain text is nowhere in
/// the data directory (the SQLite file, its journals, the key ring), nor is a config-file
/// upstream's secret; upstreams still get their secrets, after a restart too; the admin API masks
/// them; and the data directory is the gateway's user's alone.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StoredSecretsTests
{
    private const string AuthSecret = "admin-auth-secret-0c5d27";
    private const string HeaderSecret = "admin-header-secret-e81f3a";
    private const string EnvSecret = "admin-env-secret-5b90c4";
    private const string ConfigSecret = "config-header-secret-a4d2e6";

    [Fact]
    public async Task PlainSecrets_AreNotInTheDataDirectory_YetReachTheUpstreams_AndTheAdminApiMasksThem()
    {
        await using var added = await TestUpstreamProcess.StartHttpAsync("added", 0, "--require-header", $"Authorization: Bearer {AuthSecret}");
        await using var configured = await TestUpstreamProcess.StartHttpAsync("configured", 0, "--require-header", $"X-Config-Key: {ConfigSecret}");
        var data = Paths.NewTempDirectory();
        JsonObject Config()
        {
            var upstream = GatewayConfig.HttpUpstream("configured", configured.Url);
            upstream["Headers"] = new JsonObject { ["X-Config-Key"] = ConfigSecret };
            var config = GatewayConfig.Config(upstream);
            config["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") };
            config["Admin"] = new JsonObject { ["AllowStdioUpstreams"] = true };
            return config;
        }

        await using (var gateway = await GatewayInstance.StartAsync(Config(), data))
        {
            var http = await gateway.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject
            {
                ["name"] = "added", ["transport"] = "http", ["url"] = added.Url,
                ["headers"] = new JsonObject { ["X-Trace"] = HeaderSecret },
                ["auth"] = new JsonObject { ["type"] = "static", ["secret"] = AuthSecret, ["format"] = "prefix" },
            });
            Assert.Equal(HttpStatusCode.Created, http.StatusCode);
            var (command, args) = TestUpstreamProcess.StdioCommand("child");
            var stdio = await gateway.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject
            {
                ["name"] = "child", ["transport"] = "stdio", ["command"] = command,
                ["args"] = new JsonArray(args.Select(a => (JsonNode)a!).ToArray()), ["env"] = new JsonObject { ["DECLARED"] = EnvSecret },
            });
            Assert.Equal(HttpStatusCode.Created, stdio.StatusCode);
            await gateway.WaitForUpstreamsAsync("configured", "added", "child");

            await using var client = await gateway.ConnectAsync();
            Assert.Equal("in", MergedEndpointTests.Text(await client.CallToolAsync("added__echo", new Dictionary<string, object?> { ["message"] = "in" })));
            Assert.Equal($"\"{EnvSecret}\"", MergedEndpointTests.Text(await client.CallToolAsync("child__env", new Dictionary<string, object?> { ["name"] = "DECLARED" })));

            var list = (await gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!;
            var view = list.OfType<JsonObject>().Single(u => (string?)u["name"] == "added");
            Assert.Equal("***", (string?)view["auth"]!["secret"]);
            Assert.Equal("***", (string?)view["headers"]!["X-Trace"]);
            AssertHoldsNoSecret(list.ToJsonString());
        }

        AssertNoFileHoldsASecret(data);
        Assert.Equal("700", Mode(data));
        Assert.Equal("600", Mode(Path.Combine(data, "gateway.db")));
        Assert.Equal("700", Mode(Path.Combine(data, "keys")));
        Assert.All(Directory.GetFiles(Path.Combine(data, "keys")), key => Assert.Equal("600", Mode(key)));

        // The key ring outlives the process: the stored secrets still decrypt.
        await using (var restarted = await GatewayInstance.StartAsync(Config(), data))
        {
            await restarted.WaitForUpstreamsAsync("configured", "added");
            await using var client = await restarted.ConnectAsync();
            Assert.Equal("again", MergedEndpointTests.Text(await client.CallToolAsync("added__echo", new Dictionary<string, object?> { ["message"] = "again" })));
        }

        Assert.Equal(0, await Upstreams.UpstreamStats.UnauthorizedAsync(added));
    }

    [Fact]
    public async Task ADataDirectoryOpenToOthers_IsTightenedAtStart_AndTheLogSaysSo()
    {
        var data = Paths.NewTempDirectory();
        File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("755", 8));
        var database = Path.Combine(data, "gateway.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, (UnixFileMode)Convert.ToInt32("644", 8));

        var silo = await SiloProcess.StartAsync(new JsonObject { ["DataDirectory"] = data });
        await silo.DisposeAsync();

        Assert.Equal("700", Mode(data));
        Assert.Equal("600", Mode(database));
        var tightened = silo.Output.Text.Split('\n')
            .Where(line => line.Contains("was open to other users", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line[line.IndexOf('{')..])!["Properties"]!)
            .Select(p => ((string?)p["Path"], (string?)p["OldMode"], (string?)p["NewMode"]))
            .ToList();
        Assert.Contains((data, "0755", "0700"), tightened);
        Assert.Contains((database, "0644", "0600"), tightened);
    }

    /// <summary>Every byte the silo wrote there: the database, its journals and the key ring (the config file, the operator's, aside).</summary>
    private static void AssertNoFileHoldsASecret(string data)
    {
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "gateway.db");
        Assert.Contains(files, f => Path.GetFileName(Path.GetDirectoryName(f)) == "keys");
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in new[] { AuthSecret, HeaderSecret, EnvSecret, ConfigSecret })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds {secret}");
            }
        }
    }

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static void AssertHoldsNoSecret(string text)
    {
        foreach (var secret in new[] { AuthSecret, HeaderSecret, EnvSecret, ConfigSecret })
        {
            Assert.DoesNotContain(secret, text);
        }
    }
}
