using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// What one virtual server shows of a catalog snapshot: the merged endpoint sees every upstream
/// under qualified names; /servers/{upstream}/mcp sees one upstream under its original names.
/// </summary>
public sealed class CatalogView
{
    private CatalogView(
        IReadOnlyList<CatalogEntry<Tool>> tools,
        IReadOnlyList<CatalogEntry<Resource>> resources,
        IReadOnlyList<CatalogEntry<ResourceTemplate>> templates,
        IReadOnlyList<CatalogEntry<Prompt>> prompts,
        IReadOnlyDictionary<string, UpstreamCatalog> upstreams,
        CatalogView? source = null)
    {
        Source = source ?? this;
        _upstreams = upstreams;
        Tools = tools;
        Resources = resources;
        ResourceTemplates = templates;
        Prompts = prompts;
    }

    /// <summary>The unrestricted view this one was cut from (itself when it is unrestricted).</summary>
    public CatalogView Source { get; }

    public IReadOnlyList<CatalogEntry<Tool>> Tools { get; }

    public IReadOnlyList<CatalogEntry<Resource>> Resources { get; }

    public IReadOnlyList<CatalogEntry<ResourceTemplate>> ResourceTemplates { get; }

    public IReadOnlyList<CatalogEntry<Prompt>> Prompts { get; }

    /// <summary>The snapshot's upstreams, for what the SDK's types do not carry (a tool's execution, the tasks capability).</summary>
    private readonly IReadOnlyDictionary<string, UpstreamCatalog> _upstreams;

    /// <summary>Result objects of list pages, serialized once for this view; never changed once made.</summary>
    private readonly ConcurrentDictionary<(string Property, string? After, int Size), JsonObject> _pages = new();

    /// <summary>
    /// The result of a list request: the page after the cursor's last name, under the given
    /// property, with nextCursor when more follow. Made once per view; callers must not change it.
    /// </summary>
    public JsonObject Page<T>(string property, IReadOnlyList<CatalogEntry<T>> entries, string? after, int size) =>
        _pages.GetOrAdd((property, after, size), key =>
        {
            var (page, next) = Pagination.Page(entries, key.After, key.Size);
            var items = new JsonArray();
            foreach (var entry in page)
            {
                var item = JsonSerializer.SerializeToNode(entry.Item, JsonRpc.Options)!;
                if (entry is CatalogEntry<Tool> tool && ExecutionOf(tool) is { } execution)
                {
                    item["execution"] = JsonNode.Parse(execution);
                }

                items.Add(item);
            }

            var result = new JsonObject { [key.Property] = items };
            if (next is not null)
            {
                result["nextCursor"] = next;
            }

            return result;
        });

    /// <summary>Nothing: a pass-through server of an upstream the session's tenant does not see.</summary>
    public static CatalogView Empty { get; } = new([], [], [], [], new Dictionary<string, UpstreamCatalog>());

    public static CatalogView Merged(CatalogSnapshot snapshot) =>
        new(snapshot.Tools, snapshot.Resources, snapshot.ResourceTemplates, snapshot.Prompts, snapshot.UpstreamsByName);

    /// <summary>The merged view of the upstreams one tenant sees; names stay the merged ones.</summary>
    public static CatalogView Merged(CatalogSnapshot snapshot, Func<string, bool> visible) =>
        new(Of(snapshot.Tools, visible), Of(snapshot.Resources, visible), Of(snapshot.ResourceTemplates, visible), Of(snapshot.Prompts, visible),
            snapshot.UpstreamsByName);

    public static CatalogView PassThrough(CatalogSnapshot snapshot, string upstream)
    {
        if (!snapshot.UpstreamsByName.TryGetValue(upstream, out var catalog))
        {
            return Empty;
        }

        return new CatalogView(
            Own(catalog, catalog.Tools, t => t.Name),
            Own(catalog, catalog.Resources, r => r.Uri),
            Own(catalog, catalog.ResourceTemplates, t => t.UriTemplate),
            Own(catalog, catalog.Prompts, p => p.Name),
            snapshot.UpstreamsByName);
    }

    /// <summary>This view with only the tools a principal may use (tool policies); the rest is shared.</summary>
    public CatalogView Restricted(Func<CatalogEntry<Tool>, bool> allowed) =>
        new([.. Tools.Where(allowed)], Resources, ResourceTemplates, Prompts, _upstreams, this);

    /// <summary>The tool's execution object as its upstream listed it (raw JSON), if any.</summary>
    public string? ExecutionOf(CatalogEntry<Tool> tool) =>
        _upstreams.GetValueOrDefault(tool.Upstream)?.ToolExecution?.GetValueOrDefault(tool.OriginalName);

    /// <summary>
    /// Whether a tools/call of the tool may carry a task: its upstream declared
    /// tasks.requests.tools.call and the tool's execution.taskSupport is "optional" or "required"
    /// (MCP 2025-11-25, tasks "Tool-Level Negotiation"; absent means "forbidden").
    /// </summary>
    public bool TakesTasks(CatalogEntry<Tool> tool)
    {
        if (_upstreams.GetValueOrDefault(tool.Upstream)?.Tasks is not { ToolCalls: true } || ExecutionOf(tool) is not { } execution)
        {
            return false;
        }

        var support = JsonNode.Parse(execution)?["taskSupport"];
        return support is JsonValue value && value.TryGetValue<string>(out var text) && text is "optional" or "required";
    }

    public CatalogEntry<Tool>? FindTool(string name) => Find(Tools, name);

    public CatalogEntry<Prompt>? FindPrompt(string name) => Find(Prompts, name);

    /// <summary>The upstream serving a URI: a listed resource first, then the first template it fits.</summary>
    public string? FindResourceOwner(string uri) =>
        Find(Resources, uri)?.Upstream
        ?? ResourceTemplates.FirstOrDefault(t => UriTemplateMatcher.Matches(t.Name, uri))?.Upstream;

    public string? FindTemplateOwner(string uriTemplate) => Find(ResourceTemplates, uriTemplate)?.Upstream;

    private static CatalogEntry<T>? Find<T>(IReadOnlyList<CatalogEntry<T>> sorted, string name)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var order = string.CompareOrdinal(sorted[mid].Name, name);
            if (order == 0)
            {
                return sorted[mid];
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    private static List<CatalogEntry<T>> Of<T>(IReadOnlyList<CatalogEntry<T>> entries, Func<string, bool> visible) =>
        [.. entries.Where(e => visible(e.Upstream))];

    private static List<CatalogEntry<T>> Own<T>(UpstreamCatalog catalog, IReadOnlyList<T> items, Func<T, string> nameOf)
    {
        var entries = items.Select(i => new CatalogEntry<T>(nameOf(i), catalog.Upstream, nameOf(i), i)).ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }
}
