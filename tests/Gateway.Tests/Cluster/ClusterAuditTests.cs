using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Each silo writes the audit lines of what it ran to its own files, and GET /admin/audit on any
/// silo answers for the whole cluster, each line naming the silo that wrote it.
/// </summary>
[Collection(ThreeSiloCluster.Collection)]
public sealed class ClusterAuditTests(ThreeSiloCluster cluster)
{
    [Fact]
    public async Task GetAudit_OnOneSilo_HasTheLinesEverySiloWrote()
    {
        var silos = cluster.Silos;
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            // A session's grain lives on the silo that received its initialize, which runs and audits its calls.
            var raw = new RawMcp(silos[i].Http);
            var session = await raw.InitializeAsync(apiKey: ThreeSiloCluster.AliceKey);
            var id = $"cluster-audit-{i}-{Guid.NewGuid():N}";
            var call = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = "alpha__echo", ["arguments"] = new JsonObject { ["message"] = "hi" } },
            };
            await raw.PostAsync(call.ToJsonString(), session, apiKey: ThreeSiloCluster.AliceKey);
            ids.Add(id);
        }

        var answer = await Poll.UntilAsync(
            async () => (await silos[2].Http.GetFromJsonAsync<JsonObject>("/admin/audit?tool=alpha__echo&limit=1000"))!,
            a => ids.All(id => Entries(a).Any(e => (string?)e["requestId"] == id)),
            "both silos' lines in the answer of the third");

        Assert.Equal(silos.Select(s => ThreeSiloCluster.Address(s).ToParsableString()).Order(), answer["silos"]!.AsArray().Select(s => (string)s!).Order());
        Assert.Empty(answer["unanswered"]!.AsArray());
        for (var i = 0; i < 2; i++)
        {
            var line = Assert.Single(Entries(answer), e => (string?)e["requestId"] == ids[i]);
            Assert.Equal(ThreeSiloCluster.Address(silos[i]).ToParsableString(), (string?)line["silo"]);
            Assert.Equal("key:alice", (string?)line["principal"]);
            Assert.Equal("alpha", (string?)line["upstream"]);
        }

        // Bob is an MCP user only: the audit log is not his to read.
        using var bob = ClientRequests.Create("GET", "/admin/audit", bearer: ThreeSiloCluster.BobKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await silos[1].Http.SendAsync(bob)).StatusCode);
    }

    private static IEnumerable<JsonObject> Entries(JsonObject answer) => answer["entries"]!.AsArray().Select(e => e!.AsObject());
}
