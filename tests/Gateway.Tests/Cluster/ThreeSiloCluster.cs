using System.Text.Json.Nodes;
using Gateway.Sessions;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Orleans;
using Orleans.Runtime;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Three silos in the test process, each built exactly as the executable builds it (an ASP.NET
/// Core host with an Orleans silo), forming one Orleans cluster over a fresh PostgreSQL database
/// (membership and grain state), in front of one real test upstream ("alpha", HTTP).
/// </summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    public const string Collection = "three-silo cluster";

    public const string AliceKey = "alice-key-0123456789abcdef0123456789";
    public const string BobKey = "bob-key-0123456789abcdef0123456789ab";

    private readonly List<GatewayInstance> _silos = [];
    private readonly Balancer _balancer = new();
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
            async () => (await Task.WhenAll(_silos.Select(ActiveSilosAsync))).All(n => n == 3), "every silo to see three Active silos");
        foreach (var silo in _silos)
        {
            await silo.WaitForUpstreamsAsync("alpha");
            await Poll.UntilAsync(
                async () => (await silo.Http.GetStringAsync("/admin/tools")).Contains("alpha__echo", StringComparison.Ordinal),
                $"the catalog of {silo.BaseUrl} to list alpha's tools");
        }
    }

    /// <summary>A silo's cluster config: same database and cluster id, its own free silo port.</summary>
    public JsonObject SiloConfig() => new()
    {
        ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = ConnectionString },
        ["Cluster"] = new JsonObject
        {
            ["Provider"] = "postgres",
            ["ConnectionString"] = ConnectionString,
            ["ClusterId"] = ClusterId,
            ["SiloPort"] = FreeTcpPort.PickBelowEphemeralRange(),
            ["AdvertisedAddress"] = "127.0.0.1",
        },
        ["Upstreams"] = new JsonArray(GatewayConfig.HttpUpstream("alpha", Alpha.Url)),
        ["Auth"] = new JsonObject
        {
            ["ApiKeys"] = new JsonArray(
                GatewayConfig.ApiKey("alice", AliceKey, "admin"),
                GatewayConfig.ApiKey("bob", BobKey)),
        },
    };

    /// <summary>Starts a silo whose test HttpClient authenticates as alice.</summary>
    public async Task<GatewayInstance> StartSiloAsync(JsonObject? config = null)
    {
        var silo = await GatewayInstance.StartAsync(config ?? SiloConfig());
        silo.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AliceKey);
        return silo;
    }

    /// <summary>Stops a silo the way an operator does (graceful shutdown) and leaves it out of the cluster's list.</summary>
    public async Task StopSiloAsync(GatewayInstance silo)
    {
        _silos.Remove(silo);
        await silo.DisposeAsync();
    }

    public static async Task<int> ActiveSilosAsync(GatewayInstance silo) =>
        (await Grains(silo).GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

    public static IGrainFactory Grains(GatewayInstance silo) => silo.Services.GetRequiredService<IGrainFactory>();

    public static SiloAddress Address(GatewayInstance silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>The silo holding the session grain's activation, if any.</summary>
    public async Task<GatewayInstance?> SessionHostAsync(string sessionId)
    {
        var address = await Grains(_silos[0]).GetGrain<IManagementGrain>(0)
            .GetActivationAddress(Grains(_silos[0]).GetGrain<IMcpSessionGrain>(sessionId));
        return address is null ? null : _silos.SingleOrDefault(s => Address(s).Equals(address));
    }

    /// <summary>
    /// An SDK client whose every HTTP request goes to the next silo in turn, like a load balancer
    /// without stickiness; in <see cref="HttpTransportMode.Sse"/> mode, over the legacy /sse and /messages.
    /// </summary>
    public Task<McpClient> ConnectRoundRobinAsync(McpClientOptions? options = null, HttpTransportMode mode = HttpTransportMode.StreamableHttp)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion = "2025-11-25";
        options.ClientInfo ??= new ModelContextProtocol.Protocol.Implementation { Name = "round-robin", Version = "1.0" };
        var http = new HttpClient(new RoundRobinHandler([.. _silos.Select(s => new Uri(s.BaseUrl))], _balancer));
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(mode == HttpTransportMode.Sse ? _silos[0].BaseUrl + "/sse" : _silos[0].McpUrl),
                TransportMode = mode,
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
    /// <summary>The load balancer's one counter, shared by every client as a real balancer's is.</summary>
    private sealed class Balancer
    {
        private int _next = -1;

        public int Next() => Interlocked.Increment(ref _next);
    }

    private sealed class RoundRobinHandler(Uri[] silos, Balancer balancer) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var silo = silos[(int)((uint)balancer.Next() % (uint)silos.Length)];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = silo.Host, Port = silo.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(ThreeSiloCluster.Collection)]
public sealed class ThreeSiloClusterCollection : ICollectionFixture<ThreeSiloCluster>;
