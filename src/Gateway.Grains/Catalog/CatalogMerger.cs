using System.Text.Json;
using ModelContextProtocol.Protocol;
using Gateway.Protocol;

namespace Gateway.Catalog;

/// <summary>
/// Builds the merged catalog from every upstream's own. Tools and prompts are qualified with the
/// upstream's name; resources and templates keep their URIs. The result depends only on the input
/// (upstreams and items are visited in ordinal order), so every silo computes the same names.
/// A qualified name already taken gets the first free suffix "_2", "_3"...; a URI served by two
/// upstreams of one tenant stays with the first and the other is reported (upstreams of different
/// tenants never meet in one session's view, so each keeps its own). Every such case is returned in
/// <see cref="MergeResult.Collisions"/> so the caller can log it.
/// </summary>
public static class CatalogMerger
{
    public static MergeResult Merge(long version, IEnumerable<UpstreamCatalog> upstreams, string separator, CatalogChanges changes)
    {
        var ordered = upstreams.OrderBy(u => u.Upstream, StringComparer.Ordinal).ToList();
        var collisions = new List<string>();

        var tools = Qualify(ordered, u => u.Tools, t => t.Name, separator, collisions, "tool",
            (tool, name) => WithName(tool, name, static (t, n) => t.Name = n));
        var prompts = Qualify(ordered, u => u.Prompts, p => p.Name, separator, collisions, "prompt",
            (prompt, name) => WithName(prompt, name, static (p, n) => p.Name = n));
        var resources = FirstWins(ordered, u => u.Resources, r => r.Uri, collisions, "resource");
        var templates = FirstWins(ordered, u => u.ResourceTemplates, t => t.UriTemplate, collisions, "resource template");

        var snapshot = new CatalogSnapshot(version, tools, resources, templates, prompts, ordered, changes);
        return new MergeResult(snapshot, collisions);
    }

    public static string Qualify(string upstream, string name, string separator) => upstream + separator + name;

    private static List<CatalogEntry<T>> Qualify<T>(
        List<UpstreamCatalog> upstreams,
        Func<UpstreamCatalog, IReadOnlyList<T>> items,
        Func<T, string> nameOf,
        string separator,
        List<string> collisions,
        string kind,
        Func<T, string, T> rename)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<CatalogEntry<T>>();
        foreach (var upstream in upstreams)
        {
            foreach (var item in items(upstream).OrderBy(nameOf, StringComparer.Ordinal))
            {
                var original = nameOf(item);
                var qualified = Qualify(upstream.Upstream, original, separator);
                var exposed = qualified;
                for (var n = 2; !taken.Add(exposed); n++)
                {
                    exposed = $"{qualified}_{n}";
                }

                if (exposed != qualified)
                {
                    collisions.Add($"{kind} '{original}' of upstream '{upstream.Upstream}' would be '{qualified}', which is taken; exposed as '{exposed}'");
                }

                entries.Add(new CatalogEntry<T>(exposed, upstream.Upstream, original, rename(item, exposed)));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static List<CatalogEntry<T>> FirstWins<T>(
        List<UpstreamCatalog> upstreams,
        Func<UpstreamCatalog, IReadOnlyList<T>> items,
        Func<T, string> keyOf,
        List<string> collisions,
        string kind)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<CatalogEntry<T>>();
        foreach (var upstream in upstreams)
        {
            foreach (var item in items(upstream))
            {
                // Each tenant's sessions see only its own upstreams, so a URI is contested within one tenant only.
                var key = keyOf(item);
                var space = (upstream.Tenant ?? "") + "\n" + key;
                if (owners.TryGetValue(space, out var owner))
                {
                    collisions.Add($"{kind} '{key}' of upstream '{upstream.Upstream}' is also served by '{owner}'; the merged endpoint routes it to '{owner}', /servers/{upstream.Upstream}/mcp still serves it");
                    continue;
                }

                owners.Add(space, upstream.Upstream);
                entries.Add(new CatalogEntry<T>(key, upstream.Upstream, key, item));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    /// <summary>A copy of an SDK protocol object under another name; the upstream's own object stays untouched.</summary>
    private static T WithName<T>(T item, string name, Action<T, string> setName)
    {
        if (item is null)
        {
            throw new ArgumentNullException(nameof(item));
        }

        var copy = JsonSerializer.SerializeToNode(item, JsonRpc.Options).Deserialize<T>(JsonRpc.Options)!;
        setName(copy, name);
        return copy;
    }
}

public sealed record MergeResult(CatalogSnapshot Snapshot, IReadOnlyList<string> Collisions);
