using System.Net;
using System.Text;
using Gateway.Cluster;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Cluster;

/// <summary>
/// The cluster port serves silos that prove the cluster key and nothing else; the client port never
/// serves cluster traffic; bad cluster settings stop a silo at start naming the setting. Every
/// refusal leaves the cluster serving.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterBadInputTests(ThreeSiloCluster cluster)
{
    private const string CallPath = "/cluster/v1/call";

    [Fact]
    public async Task ClusterPort_WithoutOrWithAWrongKey_Is401_AndTheSiloGoesOnServing()
    {
        var silo = cluster.Silos[0];
        using var http = Http2Client();
        var port = ThreeSiloCluster.ClusterPort(silo);
        var forged = new ClusterAuthentication(
            Options.Create(new ClusterMessagingOptions { ClusterKey = "a-different-key-of-the-same-length-0123456789" }), TimeProvider.System);

        var none = await PostAsync(http, port, CallPath, "{}", signature: null);
        var wrong = await PostAsync(http, port, CallPath, "{}", forged.Sign(CallPath));
        var garbage = await PostAsync(http, port, CallPath, "{}", "12345.not-a-signature");
        var otherPath = await PostAsync(http, port, CallPath, "{}", Signer(silo).Sign("/cluster/v1/message/catalog"));

        Assert.All([none, wrong, garbage, otherPath], r => Assert.Equal(HttpStatusCode.Unauthorized, r.Status));
        Assert.Contains("cluster key", none.Body);
        await AssertServesAsync(silo);
    }

    [Fact]
    public async Task ClusterPort_WithTheKey_ButAMalformedCall_Is400NamingWhatIsWrong()
    {
        var silo = cluster.Silos[1];
        using var http = Http2Client();
        var port = ThreeSiloCluster.ClusterPort(silo);
        var signer = Signer(silo);

        var notJson = await PostAsync(http, port, CallPath, "{not json", signer.Sign(CallPath));
        var unknownMethod = await PostAsync(http, port, CallPath,
            """{"g":"session","k":"x","m":"Some.IGrain/Missing/0","a":[]}""", signer.Sign(CallPath));
        var wrongArguments = await PostAsync(http, port, CallPath,
            """{"g":"tool","k":"x","m":"Gateway.Tools.IToolGrain/RecordAsync/1","a":[{"Milliseconds":"soon"}]}""", signer.Sign(CallPath));
        var unknownPath = await PostAsync(http, port, "/cluster/v1/nothing", "{}", signer.Sign("/cluster/v1/nothing"));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Contains("not valid JSON", notJson.Body);
        Assert.Equal(HttpStatusCode.BadRequest, unknownMethod.Status);
        Assert.Contains("Some.IGrain/Missing/0", unknownMethod.Body);
        Assert.Equal(HttpStatusCode.BadRequest, wrongArguments.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath.Status);
        await AssertServesAsync(silo);
    }

    [Fact]
    public async Task ClientPort_NeverServesClusterTraffic_EvenWithAValidSignature()
    {
        var silo = cluster.Silos[2];
        using var request = new HttpRequestMessage(HttpMethod.Post, CallPath) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(ClusterAuthentication.HeaderName, Signer(silo).Sign(CallPath));

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertServesAsync(silo);
    }

    [Theory]
    [InlineData("ClusterKey", "too-short", "Gateway:Cluster:ClusterKey")]
    [InlineData("Provider", "etcd", "Gateway:Cluster:Provider")]
    [InlineData("SiloPort", "70000", "SiloPort must be between 1 and 65535; it is 70000")]
    [InlineData("ConnectionString", "", "Gateway:Cluster:ConnectionString")]
    public async Task BadClusterSetting_StopsTheSiloAtStart_NamingIt(string setting, string value, string named)
    {
        var config = cluster.SiloConfig();
        config["Cluster"]![setting] = setting == "SiloPort" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value;
        var directory = Paths.NewTempDirectory();
        var file = Path.Combine(directory, "gateway.json");
        config["Urls"] = "http://127.0.0.1:0";
        config["DataDirectory"] = directory;
        await File.WriteAllTextAsync(file, new System.Text.Json.Nodes.JsonObject { ["Gateway"] = config }.ToJsonString());

        await using var app = GatewayHost.Build(["--config", file], file);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, failure.Message);
    }

    [Fact]
    public async Task ClusterWithoutPostgresStorage_IsRefusedAtStart()
    {
        var config = cluster.SiloConfig();
        config["Storage"] = new System.Text.Json.Nodes.JsonObject { ["Provider"] = "sqlite" };
        var directory = Paths.NewTempDirectory();
        var file = Path.Combine(directory, "gateway.json");
        config["Urls"] = "http://127.0.0.1:0";
        config["DataDirectory"] = directory;
        await File.WriteAllTextAsync(file, new System.Text.Json.Nodes.JsonObject { ["Gateway"] = config }.ToJsonString());

        await using var app = GatewayHost.Build(["--config", file], file);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Gateway:Storage:Provider", failure.Message);
    }

    private static ClusterAuthentication Signer(GatewayInstance silo) => silo.Services.GetRequiredService<ClusterAuthentication>();

    private static HttpClient Http2Client() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, int port, string path, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(ClusterAuthentication.HeaderName, signature);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
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
