using Gateway;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using Orleans.Serialization;

namespace Gateway.Benchmarks.Hosting;

/// <summary>
/// An Orleans silo in the benchmark process, set up as the gateway's silos are where a grain call
/// notices: localhost clustering on loopback, no client gateway (the gateway has no Orleans
/// clients), and the MCP SDK's types carried by Orleans' System.Text.Json codec with the SDK's own
/// options. Only warnings and errors are logged, so that BenchmarkDotNet's output stays readable.
/// </summary>
public sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchmarkSilo(IHost host, IPEndPoint endpoint)
    {
        _host = host;
        Endpoint = endpoint;
    }

    /// <summary>Where the other silos reach this one; the first silo's is every silo's primary.</summary>
    public IPEndPoint Endpoint { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Starts a silo of <paramref name="clusterId"/>; without <paramref name="primary"/> it is the cluster's first.</summary>
    public static async Task<BenchmarkSilo> StartAsync(string clusterId, IPEndPoint? primary, CancellationToken cancellationToken)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.Free());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);

        // Orleans 10.4.2's watchdog starts its platform thread before it stamps the component check,
        // so every silo's first check reports the machine's uptime as a stalled participant check.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: endpoint.Port, gatewayPort: 0, primarySiloEndpoint: primary ?? endpoint,
                serviceId: clusterId, clusterId: clusterId);
            silo.Services.AddSerializer(serializer =>
                serializer.AddGatewayJson());
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new BenchmarkSilo(host, endpoint);
    }

    /// <summary>Completes once this silo's membership view holds <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, CancellationToken cancellationToken)
    {
        var membership = _host.Services.GetRequiredService<IClusterMembershipService>();
        if (ActiveSilos(membership.CurrentSnapshot) >= count)
        {
            return;
        }

        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
        {
            if (ActiveSilos(snapshot) >= count)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static int ActiveSilos(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
}
