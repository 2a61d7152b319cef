using System.Collections.Concurrent;
using Gateway.Catalog;

namespace Gateway.Sessions;

/// <summary>
/// This silo's views of the current catalog snapshot, one per virtual server (and, with tool
/// policies, per set of roles), shared by every session: a view is built, and each of its list
/// pages serialized, once per catalog version and server rather than once per session and request.
/// </summary>
public sealed class CatalogViews(CatalogCache catalog, ToolPolicy policy, Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
{
    /// <summary>Views per generation beyond which more role sets are served uncached.</summary>
    private const int MaxViews = 256;

    private Generation _current = new(-1);

    /// <summary>The view of the tools the given roles may use (<see cref="ToolPolicy"/>); roles null: every tool.</summary>
    public async ValueTask<CatalogView> ForAsync(string? server, IReadOnlyCollection<string>? roles)
    {
        var whole = await ForAsync(server);
        if (policy.IsOpen || roles is null)
        {
            return whole;
        }

        var generation = Volatile.Read(ref _current);
        var key = (server ?? "") + "\u0001" + ToolPolicy.RolesKey(roles);
        if (generation.Views.TryGetValue(key, out var known) && ReferenceEquals(known.Source, whole))
        {
            return known;
        }

        var separator = options.Value.Separator;
        var restricted = whole.Restricted(t => policy.Refusal(CatalogMerger.Qualify(t.Upstream, t.OriginalName, separator), server, roles) is null);
        if (generation.Views.Count < MaxViews)
        {
            generation.Views[key] = restricted;
        }

        return restricted;
    }

    public async ValueTask<CatalogView> ForAsync(string? server)
    {
        var snapshot = await catalog.GetAsync();
        var current = Volatile.Read(ref _current);
        while (current.Version < snapshot.Version)
        {
            var newer = new Generation(snapshot.Version);
            var seen = Interlocked.CompareExchange(ref _current, newer, current);
            current = seen == current ? newer : seen;
        }

        // A snapshot older than the generation (read just before a newer one came) gets a view of its own.
        return current.Version == snapshot.Version
            ? current.Views.GetOrAdd(server ?? "", _ => Build(snapshot, server))
            : Build(snapshot, server);
    }

    private static CatalogView Build(CatalogSnapshot snapshot, string? server) =>
        server is null ? CatalogView.Merged(snapshot) : CatalogView.PassThrough(snapshot, server);

    private sealed class Generation(long version)
    {
        public long Version { get; } = version;

        /// <summary>By virtual server ("" for the merged endpoint); bounded by the configured upstreams.</summary>
        public ConcurrentDictionary<string, CatalogView> Views { get; } = new(StringComparer.Ordinal);
    }
}
