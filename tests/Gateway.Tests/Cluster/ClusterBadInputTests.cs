using System.Net;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Bad cluster settings stop a silo at start naming the setting, and every refusal leaves the
/// cluster serving.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterBadInputTests(ThreeSiloCluster cluster)
{
    [Theory]
    [InlineData("ClusterKey", "a-key-of-the-old-runtime-0123456789abcdef", "Gateway:Cluster:ClusterKey is no longer used")]
    [InlineData("Provider", "etcd", "Gateway:Cluster:Provider")]
    [InlineData("SiloPort", "70000", "Gateway:Cluster:SiloPort: 70000 is not a port")]
    [InlineData("ConnectionString", "", "Gateway:Cluster:ConnectionString")]
    [InlineData("AdvertisedAddress", "10.200.0.7", "Gateway:Cluster:Tls:Certificate is required")]
    [InlineData("ProbeTimeout", "-00:00:01", "Gateway:Cluster:ProbeTimeout")]
    [InlineData("MissedProbesLimit", "0", "Gateway:Cluster:MissedProbesLimit")]
    public async Task BadClusterSetting_StopsTheSiloAtStart_NamingIt(string setting, string value, string named)
    {
        var config = cluster.SiloConfig();
        config["Cluster"]![setting] = setting is "SiloPort" or "MissedProbesLimit"
            ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : value;

        var failure = await StartFailingAsync(config);

        Assert.Contains(named, failure.Message);
        await AssertServesAsync(cluster.Silos[0]);
    }

    [Fact]
    public async Task ClusterWithoutPostgresStorage_IsRefusedAtStart()
    {
        var config = cluster.SiloConfig();
        config["Storage"] = new System.Text.Json.Nodes.JsonObject { ["Provider"] = "sqlite" };

        var failure = await StartFailingAsync(config);

        Assert.Contains("Gateway:Storage:Provider", failure.Message);
    }

    [Fact]
    public async Task ACertificateThatCannotBeRead_IsRefusedAtStart_NamingTheSetting()
    {
        var config = cluster.SiloConfig();
        config["Cluster"]!["Tls"] = new System.Text.Json.Nodes.JsonObject { ["Certificate"] = "/nonexistent/cluster.pfx" };

        var failure = await StartFailingAsync(config);

        Assert.Contains("Gateway:Cluster:Tls:Certificate", failure.Message);
    }

    private static async Task<OptionsValidationException> StartFailingAsync(System.Text.Json.Nodes.JsonObject config)
    {
        var directory = Paths.NewTempDirectory();
        var file = Path.Combine(directory, "gateway.json");
        config["Urls"] = "http://127.0.0.1:0";
        config["DataDirectory"] = directory;
        await File.WriteAllTextAsync(file, new System.Text.Json.Nodes.JsonObject { ["Gateway"] = config }.ToJsonString());

        // A bad configuration builds no silo: Build says why, before anything starts.
        return Assert.Throws<OptionsValidationException>(() => GatewayHost.Build(["--config", file], file));
    }

    private static async Task AssertServesAsync(GatewayInstance silo)
    {
        var raw = new RawMcp(silo.Http);
        var session = await raw.InitializeAsync(ThreeSiloCluster.AliceKey);
        var (status, body, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", session, apiKey: ThreeSiloCluster.AliceKey);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body?["result"]);
    }
}
