using System.Text.Json.Nodes;
using Gateway.Tests.EndToEnd;
using Gateway.Runtime.Tests.TestSupport;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Three silos in the test process, each built exactly as the executable builds it, forming one
/// cluster over a fresh PostgreSQL database (membership, grain directory and grain state), with
/// real HTTP/2 between their cluster ports, in front of one real test upstream ("alpha", HTTP).
/// Failure detection is shrunk to seconds.
/// </summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    public const string Collection = "three-silo cluster";

    public const string ClusterKey = "test-cluster-key-0123456789abcdef-0123456789";
    public const string AliceKey = "alice-key";
    public const string BobKey = "bob-key";

    private readonly List<GatewayInstance> _silos = [];
    private PostgresTestDatabase? _database;

    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public IReadOnlyList<GatewayInstance> Silos => _silos;

    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        for (var i = 0; i < 3; i++)
        {
            _silos.Add(await StartSiloAsync());
        }

        await Poll.UntilAsync(
            () => Task.FromResult(_silos.All(s => ActiveSilos(s) == 3)), "every silo to see three Active silos");
        foreach (var silo in _silos)
        {
            await silo.WaitForUpstreamsAsync("alpha");
            await Poll.UntilAsync(
                async () => (await silo.Http.GetStringAsync("/admin/tools")).Contains("alpha__echo", StringComparison.Ordinal),
                $"the catalog of {silo.BaseUrl} to list alpha's tools");
        }
    }

    /// <summary>A silo's cluster config: same database, cluster id and key, its own free cluster port.</summary>
    public JsonObject SiloConfig(string? clusterKey = null) => new()
    {
        ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = ConnectionString },
        ["Cluster"] = new JsonObject
        {
            ["Provider"] = "postgres",
            ["ConnectionString"] = ConnectionString,
            ["ClusterId"] = ClusterId,
            ["SiloPort"] = FreeTcpPort.PickBelowEphemeralRange(),
            ["AdvertisedAddress"] = "127.0.0.1",
            ["ClusterKey"] = clusterKey ?? ClusterKey,
            ["HeartbeatInterval"] = "00:00:00.500",
            ["TableRefreshInterval"] = "00:00:00.500",
            ["FailureTimeout"] = "00:00:03",
        },
        ["Upstreams"] = new JsonArray(GatewayInstance.HttpUpstream("alpha", Alpha.Url)),
        ["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                new JsonObject { ["Name"] = "alice", ["Key"] = AliceKey },
                new JsonObject { ["Name"] = "bob", ["Key"] = BobKey }),
        },
    };

    /// <summary>Starts a silo whose test HttpClient authenticates as alice.</summary>
    public async Task<GatewayInstance> StartSiloAsync(JsonObject? config = null)
    {
        var silo = await GatewayInstance.StartAsync(config ?? SiloConfig());
        silo.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AliceKey);
        return silo;
    }

    public static int ClusterPort(GatewayInstance silo) =>
        silo.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Gateway.Cluster.ClusterMessagingOptions>>().Value.SiloPort;

    public static int ActiveSilos(GatewayInstance silo) =>
        silo.Services.GetRequiredService<Gateway.Runtime.Membership.IMembershipViewSource>().CurrentView.ActiveSilos.Length;

    /// <summary>The silo whose catalog holds an activation of the grain, if any.</summary>
    public GatewayInstance? Host(string grainType, string key) =>
        _silos.SingleOrDefault(s => s.Services.GetRequiredService<Gateway.Runtime.IActivationCatalog>()
            .IsActive(new Gateway.Runtime.GrainId(grainType, key)));

    /// <summary>An SDK client whose every HTTP request goes to the next silo in turn, like a load balancer without stickiness.</summary>
    public Task<McpClient> ConnectRoundRobinAsync(McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion = "2025-11-25";
        options.ClientInfo ??= new ModelContextProtocol.Protocol.Implementation { Name = "round-robin", Version = "1.0" };
        var http = new HttpClient(new RoundRobinHandler([.. _silos.Select(s => new Uri(s.BaseUrl))]));
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(_silos[0].McpUrl),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + AliceKey },
            },
            http,
            ownsHttpClient: true);
        return McpClient.CreateAsync(transport, options);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (Alpha is not null)
        {
            await Alpha.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    internal void Forget(GatewayInstance silo) => _silos.Remove(silo);

    /// <summary>Sends each request to the next silo, keeping path and headers.</summary>
    private sealed class RoundRobinHandler(Uri[] silos) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next = -1;

        public int Requests => _next + 1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var silo = silos[(int)((uint)Interlocked.Increment(ref _next) % (uint)silos.Length)];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = silo.Host, Port = silo.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(ThreeSiloCluster.Collection)]
public sealed class ThreeSiloClusterCollection : ICollectionFixture<ThreeSiloCluster>;
