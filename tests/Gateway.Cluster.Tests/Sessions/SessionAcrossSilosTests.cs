using System.Text.Json.Nodes;
using Gateway.Cluster.Tests.Infrastructure;
using Gateway.Sessions;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Gateway.Cluster.Tests.Sessions;

/// <summary>One session's requests arrive through all three silos, as behind a load balancer without stickiness.</summary>
public sealed class SessionAcrossSilosTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Counter = GatewayTestCluster.Stdio + "__counter";
    private const string Log = GatewayTestCluster.Stdio + "__log";

    private GatewayTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GatewayTestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RequestsThroughEverySilo_ReachOneSessionGrain_AndOneUpstreamSession()
    {
        var session = await GrainSession.InitializeAsync(_cluster, silo: 0);
        var home = await _cluster.SessionHostAsync(session.Id);

        var counts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            counts.Add(await session.CallToolAsync(i % GatewayTestCluster.SiloCount, Counter));
        }

        // The upstream counts per upstream session: one behind all six calls, wherever they came in.
        Assert.Equal(["1", "2", "3", "4", "5", "6"], counts);
        Assert.Equal(0, home);
        Assert.Equal(0, await _cluster.SessionHostAsync(session.Id));
    }

    [Fact]
    public async Task StateSetThroughOneSilo_HoldsForRequestsThroughTheOthers()
    {
        var session = await GrainSession.InitializeAsync(_cluster, silo: 0);

        var setLevel = await session.RequestAsync(1, RequestMethods.LoggingSetLevel, new JsonObject { ["level"] = "error" });
        var logged = await session.CallToolAsync(2, Log, new JsonObject { ["level"] = "info", ["message"] = "probe" });
        var mismatches = new List<SessionStatus>();
        for (var silo = 0; silo < GatewayTestCluster.SiloCount; silo++)
        {
            mismatches.Add((await session.RequestAsync(silo, RequestMethods.Ping, protocolVersion: "2025-03-26")).Status);
        }

        Assert.IsType<JsonRpcResponse>(setLevel.Response);
        // The level set through silo 1 reached the upstream session used through silo 2: info is below it.
        Assert.StartsWith("suppressed", logged, StringComparison.Ordinal);
        // The version negotiated at initialize (2025-11-25) is the session's on every silo.
        Assert.All(mismatches, status => Assert.Equal(SessionStatus.ProtocolMismatch, status));
    }
}
