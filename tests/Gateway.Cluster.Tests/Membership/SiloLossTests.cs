using System.Diagnostics;
using System.Text.Json.Nodes;
using Gateway.Cluster.Tests.Infrastructure;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Gateway.Cluster.Tests.Membership;

/// <summary>
/// The silo holding a session's grain goes, stopped gracefully or killed mid-test, and the session
/// carries on through the survivors: same session id, its persisted state (the log level), a fresh
/// upstream session on its new silo.
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Counter = GatewayTestCluster.Stdio + "__counter";
    private const string Log = GatewayTestCluster.Stdio + "__log";
    private static readonly JsonObject InfoProbe = new() { ["level"] = "info", ["message"] = "probe" };

    private GatewayTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GatewayTestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task TheSessionsSiloStoppedGracefully_TheSessionCarriesOnThroughASurvivor()
    {
        var session = await GrainSession.InitializeAsync(_cluster, silo: 1);
        await SetLevelErrorAsync(session, silo: 2);
        var before = await session.CallToolAsync(0, Counter);

        await _cluster.StopAsync(1);
        var logged = await session.CallToolAsync(2, Log, InfoProbe.DeepClone().AsObject());
        var after = new[] { await session.CallToolAsync(0, Counter), await session.CallToolAsync(2, Counter) };
        var host = await _cluster.SessionHostAsync(session.Id);

        Assert.Equal("1", before);
        // The level came back from the session's stored state and went to its new upstream session.
        Assert.StartsWith("suppressed", logged, StringComparison.Ordinal);
        // One fresh upstream session on the survivor, kept for both calls whichever silo they came through.
        Assert.Equal(["1", "2"], after);
        Assert.Contains(host, new int?[] { 0, 2 });
    }

    [Fact]
    public async Task TheSessionsSiloKilled_AReadOnlyCallInFlightRunsAgain_AnotherFailsClearly_AndTheSessionCarriesOn()
    {
        var session = await GrainSession.InitializeAsync(_cluster, silo: 2);
        await SetLevelErrorAsync(session, silo: 0);
        Assert.Equal(2, await _cluster.SessionHostAsync(session.Id));

        // Two calls in flight on silo 2, both received by silo 0: one that may run again, one that may not.
        var readStream = _cluster.Streams(0).Open(session.Id, null, standalone: false);
        var writeStream = _cluster.Streams(0).Open(session.Id, null, standalone: false);
        var arguments = new JsonObject { ["ms"] = 3000, ["steps"] = 30 };
        var read = session.RequestAsync(0, RequestMethods.ToolsCall,
            GrainSession.ToolCall(GatewayTestCluster.Stdio + "__slow_read", arguments.DeepClone().AsObject(), progressToken: "read"), readStream);
        var write = session.RequestAsync(0, RequestMethods.ToolsCall,
            GrainSession.ToolCall(GatewayTestCluster.Stdio + "__slow", arguments.DeepClone().AsObject(), progressToken: "write"), writeStream);
        await readStream.NextAsync(NotificationMethods.ProgressNotification);
        await writeStream.NextAsync(NotificationMethods.ProgressNotification);

        var killed = Stopwatch.StartNew();
        await _cluster.KillAsync(2);
        var writeReply = await write;
        output.WriteLine($"the lost write answered {killed.ElapsedMilliseconds} ms after the kill began");
        var readReply = await read;
        output.WriteLine($"the lost read, run again, answered {killed.ElapsedMilliseconds} ms after the kill began");
        var logged = await session.CallToolAsync(1, Log, InfoProbe.DeepClone().AsObject());
        var host = await _cluster.SessionHostAsync(session.Id);

        // slow_read declares itself read-only: handed to the session's new activation, it ran again to the end.
        Assert.Equal("done", GrainSession.Text(readReply));
        // slow may have had effects: it is not repeated, and its caller is told the node went away.
        var error = Assert.IsType<JsonRpcError>(writeReply.Response);
        Assert.Equal(GatewayErrorCodes.UpstreamFailed, error.Error.Code);
        Assert.Contains("went away", error.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("suppressed", logged, StringComparison.Ordinal);
        Assert.Contains(host, new int?[] { 0, 1 });
    }

    private static async Task SetLevelErrorAsync(GrainSession session, int silo)
    {
        var reply = await session.RequestAsync(silo, RequestMethods.LoggingSetLevel, new JsonObject { ["level"] = "error" });
        Assert.True(reply.Response is JsonRpcResponse, $"logging/setLevel through silo {silo}: {GrainSession.Describe(reply)}");
    }
}
