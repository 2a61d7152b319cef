using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Admin;

/// <summary>With Gateway:Storage:Provider "postgres", what the silo persists lives in PostgreSQL and survives a restart.</summary>
public sealed class PostgresStorageTests
{
    [Fact]
    public async Task AddedUpstream_SurvivesARestart_WithPostgresStorage()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        JsonObject Config()
        {
            var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("fixed"));
            config["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString };
            config["Admin"] = new JsonObject { ["AllowStdioUpstreams"] = true };
            return config;
        }

        var (command, args) = TestUpstreamProcess.StdioCommand("stored");
        await using (var gateway = await GatewayInstance.StartAsync(Config()))
        {
            var created = await gateway.Http.PostAsJsonAsync("/admin/upstreams", new { name = "stored", transport = "stdio", command, args });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A new data directory: nothing can come from SQLite, only from PostgreSQL.
        await using var restarted = await GatewayInstance.StartAsync(Config());
        await restarted.WaitForUpstreamsAsync("fixed", "stored");
        await using var client = await restarted.ConnectAsync();
        var result = await client.CallToolAsync("stored__echo", new Dictionary<string, object?> { ["message"] = "from postgres" });

        Assert.Equal("from postgres", Gateway.Tests.Mcp.MergedEndpointTests.Text(result));
        Assert.Equal(1L, await database.ExecuteAsync("SELECT count(*) FROM grain_storage WHERE state_name = 'upstream-registry' AND payload IS NOT NULL"));
    }
}
