using System.Diagnostics;
using Gateway.Catalog;
using Gateway.Persistence;
using Gateway.Sessions;
using Gateway.Silo.Configuration;
using Gateway.Silo.Hosting;
using Gateway.Tests.Infrastructure;
using Gateway.Transports;
using Gateway.Transports.Streams;
using Gateway.Upstreams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;
using GatewayOptions = Gateway.Silo.Configuration.GatewayOptions;
using Xunit.Abstractions;

namespace Gateway.Cluster.Tests.Infrastructure;

/// <summary>
/// Three silos in the test process on Orleans' TestingHost (in-memory membership and transport),
/// each with the gateway's grains and per-silo services registered as the silo executable
/// registers them (GatewaySiloSetup, GatewayHost): serialization, failure detection, grain
/// storage, the grains' per-silo services, the client stream registry, the catalog change
/// notifier and the upstream bootstrapper. The front door (ASP.NET Core) is not hosted: tests
/// call the grains through each silo's IGrainFactory as it does (<see cref="GrainSession"/>).
/// Upstreams: the test upstream over stdio ("ts", a process per connection, started by the
/// silos), and optionally over HTTP ("alpha", one process the fixture starts), whose tool list
/// every session shares. Tests stop and kill silos, so each test gets a cluster of its own.
/// </summary>
public sealed class GatewayTestCluster : IAsyncDisposable
{
    public const string Stdio = "ts";
    public const string Http = "alpha";
    public const int SiloCount = 3;

    private readonly InProcessTestCluster _cluster;
    private readonly TestUpstreamProcess? _alpha;
    private readonly SiloLog _log;
    private readonly ITestOutputHelper _output;
    private readonly InProcessSiloHandle[] _silos;

    private GatewayTestCluster(InProcessTestCluster cluster, TestUpstreamProcess? alpha, SiloLog log, ITestOutputHelper output)
    {
        _cluster = cluster;
        _alpha = alpha;
        _log = log;
        _output = output;
        _silos = [.. cluster.Silos.OrderBy(s => s.InstanceNumber)];
    }

    /// <summary>Starts the cluster and returns once every silo's catalog lists every upstream's tools.</summary>
    /// <param name="sessions">Gateway:Sessions of every silo; the defaults when null.</param>
    public static async Task<GatewayTestCluster> StartAsync(ITestOutputHelper output, bool withHttpUpstream = false, SessionOptions? sessions = null)
    {
        var alpha = withHttpUpstream ? await TestUpstreamProcess.StartHttpAsync(Http) : null;
        var (command, args) = TestUpstreamProcess.StdioCommand(Stdio);
        List<UpstreamDefinition> upstreams = [new() { Name = Stdio, Transport = UpstreamTransports.Stdio, Command = command, Args = args }];
        if (alpha is not null)
        {
            upstreams.Add(new UpstreamDefinition { Name = Http, Transport = UpstreamTransports.Http, Url = alpha.Url });
        }

        var log = new SiloLog();
        var storage = new SharedGrainStorage(new JsonGrainStateSerializer(GatewaySerialization.StateJson));
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.Options.ConfigureFileLogging = false;

        // The gateway has no external clients: everything calls grains from inside a silo.
        builder.Options.InitializeClientOnDeploy = false;

        // The per-silo services first, so that they stop after the Orleans silo does (hosted
        // services stop in reverse order): a killed silo then stops answering before its upstream
        // sessions close, as with a crash, instead of answering its callers "upstream failed".
        builder.ConfigureSiloHost((silo, host) => AddGatewayServices(host.Services, upstreams, sessions ?? new SessionOptions(), log.For(silo.SiloName)));
        builder.ConfigureSilo((_, silo) => ConfigureSilo(silo, storage));

        var cluster = builder.Build();
        GatewayTestCluster? started = null;
        try
        {
            var clock = Stopwatch.StartNew();
            await cluster.DeployAsync();
            started = new GatewayTestCluster(cluster, alpha, log, output);
            var deployed = clock.ElapsedMilliseconds;
            await started.WaitForMembershipAsync();
            var joined = clock.ElapsedMilliseconds;
            await started.WaitForCatalogsAsync([.. upstreams.Select(u => u.Name)]);
            log.Note($"{SiloCount} silos started in {deployed} ms, all Active at {joined} ms, every catalog filled at {clock.ElapsedMilliseconds} ms");
            return started;
        }
        catch
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }
            else
            {
                await cluster.DisposeAsync();
                if (alpha is not null)
                {
                    await alpha.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>The grain factory of a silo, as its front door uses it. Silos are numbered 0, 1, 2 in the order they started.</summary>
    public IGrainFactory Grains(int silo) => _silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>The client streams open on a silo: where the front door of that silo would open a POST's or GET's stream.</summary>
    public ClientStreamRegistry Streams(int silo) => _silos[silo].ServiceProvider.GetRequiredService<ClientStreamRegistry>();

    /// <summary>Which started silo holds the session grain's activation, asked through a live silo; null while none does.</summary>
    public async Task<int?> SessionHostAsync(string sessionId)
    {
        var asker = Live().First();
        var address = await Grains(asker).GetGrain<IManagementGrain>(0).GetActivationAddress(Grains(asker).GetGrain<IMcpSessionGrain>(sessionId));
        return address is null ? null : Array.FindIndex(_silos, s => s.SiloAddress.Equals(address));
    }

    /// <summary>A graceful stop: the silo leaves the cluster, deactivating its grains.</summary>
    public Task StopAsync(int silo) => _cluster.StopSiloAsync(_silos[silo]);

    /// <summary>
    /// TestingHost's kill: the silo stops at once, without deactivating its grains or answering
    /// calls in flight; its silo-to-silo connections close. (A real SIGKILL is the end-to-end
    /// tier's ClusterProcessTests.)
    /// </summary>
    public Task KillAsync(int silo) => _cluster.KillSiloAsync(_silos[silo]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Killed rather than stopped, all at once: nothing is tested here any more, and a graceful
            // stop of three silos one after the other takes longer than the tests themselves.
            var stopping = Stopwatch.StartNew();
            await Task.WhenAll(Live().Select(silo => _cluster.KillSiloAsync(_silos[silo])));
            _log.Note($"the cluster stopped in {stopping.ElapsedMilliseconds} ms");
        }
        finally
        {
            await _cluster.DisposeAsync();
            if (_alpha is not null)
            {
                await _alpha.DisposeAsync();
            }

            WriteLog();
        }
    }

    private IEnumerable<int> Live() => Enumerable.Range(0, _silos.Length).Where(i => _silos[i].IsActive);

    private async Task WaitForMembershipAsync()
    {
        foreach (var silo in Live())
        {
            await Poll.UntilAsync(
                async () => (await Grains(silo).GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == SiloCount,
                $"silo {silo} to see {SiloCount} Active silos");
        }
    }

    private async Task WaitForCatalogsAsync(string[] upstreams)
    {
        foreach (var silo in Live())
        {
            var catalog = _silos[silo].ServiceProvider.GetRequiredService<CatalogCache>();
            await Poll.UntilAsync(
                () => Task.FromResult(upstreams.All(u => catalog.Current.UpstreamsByName.TryGetValue(u, out var c) && c.Available && c.Tools.Count > 0)),
                $"the catalog of silo {silo} to list the tools of {string.Join(", ", upstreams)}");
        }
    }

    /// <summary>What GatewaySiloSetup configures on the Orleans silo, with storage every silo of the test process shares.</summary>
    private static void ConfigureSilo(ISiloBuilder silo, SharedGrainStorage storage)
    {
        var cluster = new GatewayOptions().Cluster;
        silo.Services.AddSerializer(serializer => serializer.AddGatewayJson());
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
        });

        // Shorter than the gateway's 6 min: a call that never answers fails the test within the minute.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (_, _) => storage);
    }

    /// <summary>What GatewayHost.Build registers besides the HTTP front door, admin API and health checks.</summary>
    private static void AddGatewayServices(
        IServiceCollection services, IReadOnlyList<UpstreamDefinition> upstreams, SessionOptions sessions, ILoggerProvider log)
    {
        services.AddLogging(logging => logging.AddProvider(log));
        services.AddOptions<GatewayOptions>().Configure(o => o.Upstreams = [.. upstreams]);
        services.AddGatewayGrains().AddMcpFrontDoor();

        // Audit lines and their files are tested where a whole silo runs (Gateway.Tests).
        services.AddSingleton<Gateway.Audit.IAuditLog>(Gateway.Audit.NoAuditLog.Instance);
        services.Configure<SessionOptions>(o =>
        {
            o.IdleTimeout = sessions.IdleTimeout;
            o.MaxPerPrincipal = sessions.MaxPerPrincipal;
        });
        services.AddSingleton<ReadinessGate>();
        services.AddSingleton<UpstreamDirectory>();
        services.AddSingleton<IConfiguredUpstreams>(sp => sp.GetRequiredService<UpstreamDirectory>());
        services.AddHostedService<CatalogChangeNotifier>();
        services.AddHostedService<UpstreamBootstrapper>();
    }

    private void WriteLog()
    {
        try
        {
            _output.WriteLine(_log.Lines.Count == 0 ? "(the silos logged no warnings)" : string.Join('\n', _log.Lines));
        }
        catch (InvalidOperationException)
        {
            // No test is running any more.
        }
    }
}
