using System.Net;
using System.Net.Sockets;
using Gateway.Cluster;
using Gateway.Persistence;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Benchmarks.Cluster;

/// <summary>
/// One in-process silo of a PostgreSQL-backed cluster, wired as Gateway.Silo wires one (without the
/// MCP front door): membership and grain directory in the database, Kestrel on a loopback cluster
/// port speaking cleartext HTTP/2 only, the cluster protocol served on that port.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchSilo(WebApplication app, SiloAddress address)
    {
        _app = app;
        Address = address;
    }

    public SiloAddress Address { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory GrainFactory => _app.Services.GetRequiredService<IGrainFactory>();

    public IActivationCatalog Catalog => _app.Services.GetRequiredService<IActivationCatalog>();

    public IMembershipViewSource Membership => _app.Services.GetRequiredService<IMembershipViewSource>();

    public ClusterPlacementDirector Placement => _app.Services.GetRequiredService<ClusterPlacementDirector>();

    public static async Task<BenchSilo> StartAsync(string connectionString, string clusterId, string clusterKey, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var address = new SiloAddress("127.0.0.1", port, DateTime.UtcNow.Ticks);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // As SiloClusterSetup: cleartext HTTP/2 only (prior knowledge) on the cluster port.
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });

        var services = builder.Services;
        // Membership before the grain runtime, so the silo leaves only after its grains have deactivated.
        services.AddMembership(o =>
        {
            o.ClusterId = clusterId;
            o.HeartbeatInterval = TimeSpan.FromSeconds(1);
            o.TableRefreshInterval = TimeSpan.FromSeconds(1);
            o.FailureTimeout = TimeSpan.FromSeconds(10);
        });
        services.AddPostgresMembershipTable(connectionString);
        services.AddPostgresGrainDirectory(connectionString);
        services.AddGatewayCluster(address, o => o.ClusterKey = clusterKey);
        services.AddClusterTypes(BenchClusterJsonContext.Default);
        services.AddGrainRuntime().AddGrain<IAdderGrain, AdderGrain>();

        var app = builder.Build();
        app.UseClusterPort();
        await app.StartAsync(cancellationToken);
        return new BenchSilo(app, address);
    }

    /// <summary>Waits until this silo's view lists <paramref name="count"/> Active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Membership.CurrentView.ActiveSilos.Length < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"Silo {Address} sees {Membership.CurrentView.ActiveSilos.Length} Active silo(s) after {timeout}, expected {count}: {Membership.CurrentView}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
