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

    [Fact]
    public async Task AConfigFileSecret_IsNeverStored_AndAnUpstreamGrainReactivatedOnAnotherSilo_TakesItFromThatSilosConfigFile()
    {
        const string configSecret = "cluster-config-secret-6a03f8";
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var upstream = await TestUpstreamProcess.StartHttpAsync("keyed", 0, "--require-header", $"X-Key: {configSecret}");
        var clusterId = "config-" + Guid.NewGuid().ToString("N")[..12];
        JsonObject Config()
        {
            var keyed = GatewayConfig.HttpUpstream("keyed", upstream.Url);
            keyed["Headers"] = new JsonObject { ["X-Key"] = configSecret };
            return new JsonObject
            {
                ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString },
                ["Cluster"] = new JsonObject
                {
                    ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString, ["ClusterId"] = clusterId,
                    ["SiloPort"] = FreeTcpPort.PickBelowEphemeralRange(), ["AdvertisedAddress"] = "127.0.0.1",
                },
                ["Upstreams"] = new JsonArray(keyed),
            };
        }

        List<GatewayInstance> silos = [await GatewayInstance.StartAsync(Config())];
        try
        {
            silos.Add(await GatewayInstance.StartAsync(Config()));
            await Poll.UntilAsync(async () => await ThreeSiloCluster.ActiveSilosAsync(silos[0]) == 2, "two Active silos");
            await silos[1].WaitForUpstreamsAsync("keyed");
            var holder = await HolderAsync(silos, "keyed");

            // Stopped on purpose: the grain's next call activates it on the other silo, from its stored (secret-less) state.
            silos.Remove(holder);
            await holder.DisposeAsync();
            var survivor = silos.Single();
            await survivor.WaitForUpstreamsAsync("keyed");
            Assert.Same(survivor, await HolderAsync(silos, "keyed"));

            await using var client = await survivor.ConnectAsync();
            Assert.Equal("moved", MergedEndpointTests.Text(await client.CallToolAsync("keyed__echo", new Dictionary<string, object?> { ["message"] = "moved" })));
            var state = await QueryAsync(database, "SELECT coalesce(string_agg(payload::text, ' '), '') FROM grain_storage");
            Assert.Contains("keyed", state);
            Assert.DoesNotContain(configSecret, state);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>The silo holding the upstream's grain, once it is active somewhere.</summary>
    private static async Task<GatewayInstance> HolderAsync(IReadOnlyList<GatewayInstance> silos, string upstream)
    {
        var grains = ThreeSiloCluster.Grains(silos[0]);
        var address = await Poll.UntilAsync(
            async () => await grains.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetActivationAddress(grains.GetGrain<Gateway.Upstreams.IUpstreamGrain>(upstream)),
            a => a is not null, $"upstream {upstream}'s grain to be active");
        return silos.Single(s => ThreeSiloCluster.Address(s).Equals(address));
    }

    private static async Task<string> QueryAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
