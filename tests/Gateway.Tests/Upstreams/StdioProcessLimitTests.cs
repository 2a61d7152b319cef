using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Upstreams;

/// <summary>
/// A stdio upstream with MaxProcesses 3 and more sessions than that calling at once: three get a
/// process each, the rest a clear refusal, and no fourth process ever runs; a refused session is
/// served once a process is freed.
/// </summary>
public sealed class StdioProcessLimitTests : IAsyncLifetime
{
    private const string Upstream = "capped";
    private const int MaxProcesses = 3;

    private GatewayInstance _gateway = null!;

    public async Task InitializeAsync()
    {
        var upstream = GatewayConfig.StdioUpstream(Upstream);
        upstream["MaxProcesses"] = MaxProcesses;
        _gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(upstream));
        await _gateway.WaitForUpstreamsAsync(Upstream);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task SixSessionsCallingAtOnce_GetThreeProcesses_AndTheOthersAreRefusedNamingMaxProcesses()
    {
        // The upstream's grain holds a connection of its own (catalog and health), outside the
        // sessions' limit.
        var before = ChildProcesses.OfTestUpstream(Upstream);
        var raw = new RawMcp(_gateway.Http);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => raw.InitializeAsync()));

        var first = await Task.WhenAll(sessions.Select(s => CallPidAsync(raw, s)));

        var served = sessions.Zip(first).Where(p => p.Second.Pid is not null).ToList();
        var refused = sessions.Zip(first).Where(p => p.Second.Pid is null).ToList();
        Assert.Equal(MaxProcesses, served.Count);
        Assert.Equal(6 - MaxProcesses, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(-32050, r.Second.Code);
            Assert.Equal($"Upstream '{Upstream}' is running its limit of 3 processes (MaxProcesses) on this node; close idle sessions or raise MaxProcesses",
                r.Second.Message);
        });
        var running = ChildProcesses.OfTestUpstream(Upstream);
        Assert.Equal(before.Count + MaxProcesses, running.Count);
        Assert.All(served, s => Assert.Contains(s.Second.Pid!.Value, running));
        var row = (await _gateway.Http.GetFromJsonAsync<JsonArray>("/admin/upstreams"))!.Single(u => (string?)u!["name"] == Upstream)!;
        Assert.Equal(MaxProcesses, (int?)row["processes"]);
        Assert.Equal(MaxProcesses, (int?)row["maxProcesses"]);

        // The served sessions keep their own processes; a refused one is still refused, not handed one of theirs.
        foreach (var (session, call) in served)
        {
            Assert.Equal(call.Pid, (await CallPidAsync(raw, session)).Pid);
        }

        Assert.Equal(-32050, (await CallPidAsync(raw, refused[0].First)).Code);

        // Once a session ends, its process goes, and a refused session gets a new one.
        Assert.Equal(HttpStatusCode.OK, await raw.DeleteAsync(served[0].First));
        var later = await CallPidAsync(raw, refused[0].First);
        Assert.NotNull(later.Pid);
        Assert.DoesNotContain(later.Pid!.Value, served.Select(s => s.Second.Pid!.Value));
        var after = await Poll.UntilAsync(() => Task.FromResult(ChildProcesses.OfTestUpstream(Upstream)),
            pids => !pids.Contains(served[0].Second.Pid!.Value), "the ended session's process to exit");
        Assert.Equal(before.Count + MaxProcesses, after.Count);
        Assert.Contains(later.Pid.Value, after);
        Assert.Equal(served[1].Second.Pid, (await CallPidAsync(raw, served[1].First)).Pid);
    }

    /// <summary>Calls the pid tool: the id of the process that served, or the JSON-RPC error.</summary>
    private static async Task<(int? Pid, int? Code, string Message)> CallPidAsync(RawMcp raw, string session)
    {
        var (status, body, _) = await raw.PostAsync(
            """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"capped__pid","arguments":{}}}""", session);
        Assert.Equal(HttpStatusCode.OK, status);
        var text = (string?)body?["result"]?["content"]?[0]?["text"];
        return (text is null ? null : int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), RawMcp.ErrorCode(body), RawMcp.ErrorMessage(body));
    }
}
