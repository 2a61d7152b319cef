using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;
using Npgsql;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Secrets at rest in a cluster: the key ring is in the cluster's PostgreSQL database, one key for
/// every silo even when they start together, encrypted to the cluster certificate; a secret the
/// admin API stored on one silo is decrypted on the others, and a dump of the database holds
/// neither the secret nor a key in the clear.
/// </summary>
public sealed class ClusterSecretsTests
{
    private const string Secret = "cluster-stored-secret-d17e4b";

    [Fact]
    public async Task ASecretStoredThroughOneSilo_ReachesTheUpstreamFromEverySilo_AndTheDatabaseHoldsNothingThatDecryptsIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var upstream = await TestUpstreamProcess.StartHttpAsync("vault", 0, "--require-header", $"Authorization: Bearer {Secret}");
        var certificate = ClusterTlsTests.WriteCertificate(Paths.NewTempDirectory(), "cluster.pfx", "CN=mcp-gateway-cluster");
        var clusterId = "secrets-" + Guid.NewGuid().ToString("N")[..12];
        JsonObject Config() => new()
        {
            ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString },
            ["Cluster"] = new JsonObject
            {
                ["Provider"] = "postgres",
                ["ConnectionString"] = database.ConnectionString,
                ["ClusterId"] = clusterId,
                ["SiloPort"] = FreeTcpPort.PickBelowEphemeralRange(),
                ["AdvertisedAddress"] = "127.0.0.1",
                ["Tls"] = new JsonObject { ["Certificate"] = certificate, ["Password"] = ClusterTlsTests.Password },
            },
            ["Network"] = new JsonObject { ["AllowedUpstreamHosts"] = new JsonArray("127.0.0.1") },
        };

        // Started together: each finds an empty key ring at the same moment.
        var started = await Task.WhenAll(GatewayInstance.StartAsync(Config()), GatewayInstance.StartAsync(Config()));
        await using var first = started[0];
        await using var second = started[1];
        await Poll.UntilAsync(async () => await ThreeSiloCluster.ActiveSilosAsync(first) == 2, "two Active silos");

        var created = await first.Http.PostAsJsonAsync("/admin/upstreams", new JsonObject
        {
            ["name"] = "vault", ["transport"] = "http", ["url"] = upstream.Url,
            ["auth"] = new JsonObject { ["type"] = "static", ["secret"] = Secret, ["format"] = "prefix" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Each client's session, and so its upstream connection, lives on the silo it connected to.
        foreach (var silo in started)
        {
            await silo.WaitForUpstreamsAsync("vault");
            await using var client = await silo.ConnectAsync();
            Assert.Equal("shared", MergedEndpointTests.Text(await client.CallToolAsync("vault__echo", new Dictionary<string, object?> { ["message"] = "shared" })));
        }

        var state = await QueryAsync(database, "SELECT coalesce(string_agg(payload::text, ' '), '') FROM grain_storage");
        var keys = await QueryAsync(database, "SELECT string_agg(xml, ' ') FROM data_protection_keys");
        Assert.Contains("vault", state);
        Assert.DoesNotContain(Secret, state);
        Assert.Equal(1L, await database.ExecuteAsync("SELECT count(*) FROM data_protection_keys WHERE friendly_name LIKE 'key-%'"));
        Assert.Contains("EncryptedData", keys);
        Assert.DoesNotContain("<value>", keys);
    }

    private static async Task<string> QueryAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
