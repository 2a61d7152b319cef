using System.Net;
using Gateway.Cluster;
using Gateway.Persistence;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Gateway.Tests.EndToEnd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Cluster;

/// <summary>
/// A bare silo of the grain runtime in the test process: PostgreSQL membership, directory and
/// state, HTTP/2 between silos on a loopback cluster port, and the test's own grains; no MCP.
/// </summary>
public sealed class RuntimeSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RuntimeSilo(WebApplication app, SiloAddress address)
    {
        _app = app;
        Address = address;
    }

    public SiloAddress Address { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IActivationCatalog Catalog => _app.Services.GetRequiredService<IActivationCatalog>();

    public MembershipAgent Membership => _app.Services.GetRequiredService<MembershipAgent>();

    public static async Task<RuntimeSilo> StartAsync(string connectionString, string clusterId, Action<IServiceCollection> addGrains)
    {
        var port = FreeTcpPort.PickBelowEphemeralRange();
        var address = new SiloAddress("127.0.0.1", port, DateTime.UtcNow.Ticks);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services
            .AddMembership(o =>
            {
                o.ClusterId = clusterId;
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
                o.TableRefreshInterval = TimeSpan.FromMilliseconds(500);
                o.FailureTimeout = TimeSpan.FromSeconds(3);
            })
            .AddPostgresMembershipTable(connectionString)
            .AddPostgresGrainDirectory(connectionString)
            .AddPostgresGrainStorage(IGrainStorageFactory.DefaultName, connectionString)
            .AddGatewayCluster(address, o => o.ClusterKey = ThreeSiloCluster.ClusterKey)
            .AddGrainRuntime();
        addGrains(builder.Services);
        var app = builder.Build();
        app.UseClusterPort();
        await app.StartAsync();
        return new RuntimeSilo(app, address);
    }

    /// <summary>Leaves gracefully: ShuttingDown, grains deactivated (their state written), then Dead.</summary>
    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
