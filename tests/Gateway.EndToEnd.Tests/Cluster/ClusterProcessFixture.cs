using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Testing;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Cluster;

/// <summary>
/// Three silo executables forming one Orleans cluster over a fresh PostgreSQL database (membership,
/// grain state), in front of one test upstream process ("alpha", HTTP), with the gateway's default
/// failure detection settings. A test may kill a silo hard (SIGKILL): so each test gets a
/// cluster of its own.
/// </summary>
public sealed class ClusterProcessFixture : IAsyncDisposable
{
    public const string Upstream = "alpha";
    public const int SiloCount = 3;

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _log;
    private readonly List<ClusterSilo> _silos = [];
    private readonly List<string> _startup = [];
    private PostgresTestDatabase? _database;
    private TestUpstreamProcess? _alpha;

    private ClusterProcessFixture(ITestOutputHelper log)
    {
        _log = log;
    }

    public string ClusterId { get; } = "proc-" + Guid.NewGuid().ToString("N")[..12];

    public IReadOnlyList<ClusterSilo> Silos => _silos;

    /// <summary>How long each phase of the start took, for the test log.</summary>
    public string StartupTimings => string.Join("; ", _startup);

    public TestUpstreamProcess Alpha => _alpha!;

    /// <summary>Starts the database, the upstream and three silos; returns once every silo sees three Active silos and the upstream's tools.</summary>
    public static async Task<ClusterProcessFixture> StartAsync(ITestOutputHelper log)
    {
        var fixture = new ClusterProcessFixture(log);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo port of the silo holding the grain's activation (GET /admin/cluster/grains on a live silo), or null while none is active.</summary>
    public async Task<int?> DirectoryPortAsync(string grainType, string grainKey)
    {
        foreach (var silo in _silos.Where(s => !s.Process.HasExited))
        {
            try
            {
                using var response = await silo.Http.GetAsync($"/admin/cluster/grains/{grainType}/{Uri.EscapeDataString(grainKey)}");
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    return null;
                }

                var found = await response.Content.ReadFromJsonAsync<JsonObject>();
                return (int?)found?["siloPort"];
            }
            catch (HttpRequestException)
            {
                // That silo is going away: ask the next.
            }
        }

        return null;
    }

    /// <summary>Polls until the grain is active (it activates on its first call) where the condition wants.</summary>
    public async Task<int> WaitForDirectoryPortAsync(string grainType, string grainKey, Func<int, bool>? condition = null, TimeSpan? timeout = null)
    {
        var port = await Poll.UntilAsync(
            () => DirectoryPortAsync(grainType, grainKey),
            p => p is { } value && (condition is null || condition(value)),
            $"{grainType}/{grainKey} to be active{(condition is null ? "" : " as expected")}",
            timeout ?? TimeSpan.FromSeconds(15));
        return port!.Value;
    }

    /// <summary>Where the cluster's grains are, for the test log.</summary>
    public async Task<string> DescribeDirectoryAsync()
    {
        var upstream = await DirectoryPortAsync("upstream", Upstream);
        var catalog = await DirectoryPortAsync("catalog", "cluster");
        return $"upstream/{Upstream}@{upstream?.ToString() ?? "-"}, catalog@{catalog?.ToString() ?? "-"}";
    }

    /// <summary>The silo whose cluster port is the given one, or null.</summary>
    public ClusterSilo? SiloOnClusterPort(int port) => _silos.SingleOrDefault(s => s.ClusterPort == port);

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.Process.DisposeAsync();
        }

        if (_alpha is not null)
        {
            await _alpha.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var database = PostgresTestDatabase.CreateAsync();
        var alpha = TestUpstreamProcess.StartHttpAsync(Upstream);
        try
        {
            await Task.WhenAll(database, alpha);
        }
        finally
        {
            _database = database.IsCompletedSuccessfully ? database.Result : null;
            _alpha = alpha.IsCompletedSuccessfully ? alpha.Result : null;
        }

        Mark("database and upstream", clock);

        var clusterPorts = new HashSet<int>();
        while (clusterPorts.Count < SiloCount)
        {
            clusterPorts.Add(FreeTcpPort.PickBelowEphemeralRange());
        }

        // The first silo alone, then the others together: the cluster's grains (the upstream
        // registry, the upstream, the catalog) then start on a known silo, so each test knows which
        // silo to kill. (Silos started all at once also form a cluster: their start-up calls to a
        // silo whose port is not open yet are retried as not delivered.)
        var ports = clusterPorts.ToList();
        _silos.Add(new ClusterSilo(await SiloProcess.StartAsync(SiloConfig(ports[0]), _log), ports[0]));
        Mark("first silo ready", clock);
        var others = ports.Skip(1).Select(async port => new ClusterSilo(await SiloProcess.StartAsync(SiloConfig(port), _log), port)).ToList();
        try
        {
            await Task.WhenAll(others);
        }
        finally
        {
            // Those that did start are disposed with the fixture, whichever failed.
            _silos.AddRange(others.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        Mark("other silos ready", clock);

        await Poll.UntilAsync(async () => await ActiveSilosAsync() == SiloCount, $"{SiloCount} Active silos in membership", Generous);
        foreach (var silo in _silos)
        {
            await silo.Process.WaitForConnectedAsync(Upstream, Generous);
            await Poll.UntilAsync(
                async () => await silo.Http.GetFromJsonAsync<JsonObject>("/admin/tools") is { } tools && tools["tools"]?.AsArray().Count > 0,
                $"the catalog (/admin/tools) of {silo} to list the upstream's tools",
                Generous);
        }

        Mark("all Active, upstream connected, catalogs filled", clock);
    }

    private void Mark(string phase, System.Diagnostics.Stopwatch clock) =>
        _startup.Add($"{phase} at {clock.ElapsedMilliseconds} ms");

    private JsonObject SiloConfig(int clusterPort) => new()
    {
        ["Storage"] = new JsonObject { ["Provider"] = "postgres", ["ConnectionString"] = _database!.ConnectionString },
        ["Cluster"] = new JsonObject
        {
            ["Provider"] = "postgres",
            ["ConnectionString"] = _database.ConnectionString,
            ["ClusterId"] = ClusterId,
            ["SiloPort"] = clusterPort,
            ["AdvertisedAddress"] = "127.0.0.1",
        },
        ["Upstreams"] = new JsonArray(GatewayConfig.HttpUpstream(Upstream, Alpha.Url)),
    };

    private async Task<int> ActiveSilosAsync()
    {
        var cluster = await _silos[0].Http.GetFromJsonAsync<JsonObject>("/admin/cluster");
        return (int?)cluster?["activeSilos"] ?? 0;
    }
}

/// <summary>One silo process of a <see cref="ClusterProcessFixture"/> and its cluster (silo-to-silo) port.</summary>
public sealed class ClusterSilo(SiloProcess process, int clusterPort)
{
    public SiloProcess Process { get; } = process;

    public int ClusterPort { get; } = clusterPort;

    public HttpClient Http => Process.Http;

    public string BaseUrl => Process.BaseUrl;

    /// <summary>
    /// SIGKILL, as a crash or the OOM killer would: no shutdown, no leaving the cluster, no flushing.
    /// </summary>
    public Task KillHardAsync() => Process.KillHardAsync();

    public override string ToString() => $"{BaseUrl} (cluster port {ClusterPort})";
}
