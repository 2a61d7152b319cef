using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Silos with the cluster's certificate talk to each other over mutual TLS; a silo presenting any
/// other certificate never joins, and the cluster goes on serving.
/// </summary>
public sealed class ClusterTlsTests
{
    internal const string Password = "test-cert-password";

    [Fact]
    public async Task SilosWithTheClusterCertificate_FormOneCluster_AndASiloWithAnotherCertificateNeverJoins()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var directory = Paths.NewTempDirectory();
        var clusterCertificate = WriteCertificate(directory, "cluster.pfx", "CN=mcp-gateway-cluster");
        var strangerCertificate = WriteCertificate(directory, "stranger.pfx", "CN=mcp-gateway-cluster");
        var clusterId = "tls-" + Guid.NewGuid().ToString("N")[..12];
        JsonObject Config(string certificate) => new()
        {
            ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = database.ConnectionString },
            ["Cluster"] = new JsonObject
            {
                ["Provider"] = "postgres",
                ["ConnectionString"] = database.ConnectionString,
                ["ClusterId"] = clusterId,
                ["SiloPort"] = FreeTcpPort.PickBelowEphemeralRange(),
                ["AdvertisedAddress"] = "127.0.0.1",
                ["Tls"] = new JsonObject { ["Certificate"] = certificate, ["Password"] = Password },
            },
            ["Upstreams"] = new JsonArray(GatewayConfig.HttpUpstream("alpha", alpha.Url)),
        };

        await using var first = await GatewayInstance.StartAsync(Config(clusterCertificate));
        await using var second = await GatewayInstance.StartAsync(Config(clusterCertificate));
        await Poll.UntilAsync(async () => await ThreeSiloCluster.ActiveSilosAsync(first) == 2, "two Active silos over mutual TLS");

        // A session opened on the first silo, used through the second: its grain call crosses silos over TLS.
        var session = await new RawMcp(first.Http).InitializeAsync();
        var (status, body, _) = await new RawMcp(second.Http).PostAsync(
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"over tls"}}}""", session);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("over tls", (string?)body?["result"]?["content"]?[0]?["text"]);

        // A process of its own: Orleans stops a silo it declares dead, process and all.
        await using var stranger = SiloProcess.Launch(Config(strangerCertificate));

        // However long it tries, the cluster never counts it, and keeps serving.
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(800));
            Assert.Equal(2, await ThreeSiloCluster.ActiveSilosAsync(first));
            Assert.Equal(2, await ThreeSiloCluster.ActiveSilosAsync(second));
        }

        var (pingStatus, _, _) = await new RawMcp(second.Http).PostAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""", session);
        Assert.Equal(HttpStatusCode.OK, pingStatus);
        var exitCode = await stranger.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode != 0, $"the silo with the wrong certificate exited with {exitCode}. {stranger.Describe()}");
    }

    /// <summary>A self-signed certificate with its key, as a password-protected PKCS#12 file.</summary>
    internal static string WriteCertificate(string directory, string name, string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
