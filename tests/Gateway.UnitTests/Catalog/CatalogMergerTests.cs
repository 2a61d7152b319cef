using Gateway.Catalog;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Catalog;

public sealed class CatalogMergerTests
{
    [Fact]
    public void Merge_QualifiesToolsAndPromptsWithTheUpstreamName()
    {
        var merged = CatalogMerger.Merge(1, [Upstream("elk-1", tools: ["search"], prompts: ["summarize"])], "__", CatalogChanges.All).Snapshot;

        var tool = Assert.Single(merged.Tools);
        Assert.Equal(("elk-1__search", "elk-1", "search"), (tool.Name, tool.Upstream, tool.OriginalName));
        Assert.Equal("elk-1__search", tool.Item.Name);
        Assert.Equal("elk-1__summarize", Assert.Single(merged.Prompts).Name);
    }

    [Fact]
    public void Merge_LeavesTheUpstreamsOwnToolObjectUntouched()
    {
        var upstream = Upstream("a", tools: ["t"]);

        CatalogMerger.Merge(1, [upstream], "__", CatalogChanges.All);

        Assert.Equal("t", upstream.Tools[0].Name);
    }

    [Fact]
    public void Merge_CollidingNames_GetSuffixesDeterministically_AndAreReported()
    {
        // "a" + "b__c" and "a__b" + "c" both qualify to "a__b__c".
        var first = Upstream("a", tools: ["b__c"]);
        var second = Upstream("a__b", tools: ["c"]);

        var one = CatalogMerger.Merge(1, [first, second], "__", CatalogChanges.All);
        var other = CatalogMerger.Merge(1, [second, first], "__", CatalogChanges.All);

        Assert.Equal(["a__b__c", "a__b__c_2"], one.Snapshot.Tools.Select(t => t.Name));
        Assert.Equal(one.Snapshot.Tools.Select(t => (t.Name, t.Upstream)), other.Snapshot.Tools.Select(t => (t.Name, t.Upstream)));
        Assert.Equal("a", one.Snapshot.ToolsByName["a__b__c"].Upstream);
        Assert.Equal("a__b", one.Snapshot.ToolsByName["a__b__c_2"].Upstream);
        Assert.Contains(one.Collisions, c => c.Contains("a__b__c_2"));
    }

    [Fact]
    public void Merge_SameResourceUri_GoesToTheFirstUpstream_AndIsReported()
    {
        var merged = CatalogMerger.Merge(1, [Upstream("zeta", resources: ["file:///x"]), Upstream("alpha", resources: ["file:///x"])], "__", CatalogChanges.All);

        var resource = Assert.Single(merged.Snapshot.Resources);
        Assert.Equal("alpha", resource.Upstream);
        Assert.Contains(merged.Collisions, c => c.Contains("file:///x") && c.Contains("zeta"));
    }

    [Fact]
    public void Merge_SameResourceUri_OfUpstreamsOfDifferentTenants_StaysWithEach()
    {
        var merged = CatalogMerger.Merge(1,
            [Upstream("zeta", resources: ["file:///x"]) with { Tenant = "acme" }, Upstream("alpha", resources: ["file:///x"]) with { Tenant = "globex" }],
            "__", CatalogChanges.All);

        Assert.Equal(["alpha", "zeta"], merged.Snapshot.Resources.Select(r => r.Upstream).Order());
        Assert.Empty(merged.Collisions);
    }

    [Fact]
    public void Merge_SortsEntriesByExposedName()
    {
        var merged = CatalogMerger.Merge(1, [Upstream("b", tools: ["z", "a"]), Upstream("a", tools: ["m"])], "__", CatalogChanges.All).Snapshot;

        Assert.Equal(["a__m", "b__a", "b__z"], merged.Tools.Select(t => t.Name));
    }

    [Fact]
    public void Merge_WithAnotherSeparator_UsesIt()
    {
        var merged = CatalogMerger.Merge(1, [Upstream("elk", tools: ["search"])], ".", CatalogChanges.All).Snapshot;

        Assert.Equal("elk.search", Assert.Single(merged.Tools).Name);
    }

    internal static UpstreamCatalog Upstream(string name, string[]? tools = null, string[]? prompts = null, string[]? resources = null) => new(
        name,
        (tools ?? []).Select(t => new Tool { Name = t, InputSchema = System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement }).ToList(),
        (resources ?? []).Select(r => new Resource { Uri = r, Name = r }).ToList(),
        [],
        (prompts ?? []).Select(p => new Prompt { Name = p }).ToList(),
        false,
        false,
        false);
}
