using System.Collections.Concurrent;
using Gateway.Catalog;

namespace Gateway.Sessions;

/// <summary>
/// This silo's views of the current catalog snapshot, one per virtual server, shared by every
/// session: a view is built, and each of its list pages serialized, once per catalog version and
/// server rather than once per session and request.
/// </summary>
public sealed class CatalogViews(CatalogCache catalog)
{
    private Generation _current = new(-1);

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
