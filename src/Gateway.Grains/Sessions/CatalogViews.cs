using System.Collections.Concurrent;
using Gateway.Catalog;
using Gateway.Security;

namespace Gateway.Sessions;

/// <summary>
/// This silo's views of the current catalog snapshot, one per virtual server and tenant (and, with
/// tool policies, per set of roles), shared by every session: a view is built, and each of its list
/// pages serialized, once per catalog version, server and tenant rather than once per session and request.
/// </summary>
public sealed class CatalogViews(CatalogCache catalog, ToolPolicy policy, Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
{
    /// <summary>Views per generation beyond which more servers, tenants and role sets are served uncached.</summary>
    private const int MaxViews = 256;

    private Generation _current = new(-1);

    /// <summary>The view of the tools the given roles may use (<see cref="ToolPolicy"/>); roles null: every tool the tenant sees.</summary>
    public async ValueTask<CatalogView> ForAsync(string? server, string? tenant, IReadOnlyCollection<string>? roles)
    {
        var whole = await ForAsync(server, tenant);
        if (policy.IsOpen || roles is null)
        {
            return whole;
        }

        var generation = Volatile.Read(ref _current);
        var key = new ViewKey(server ?? "", tenant ?? "", ToolPolicy.RolesKey(roles));
        if (generation.Views.TryGetValue(key, out var known) && ReferenceEquals(known.Source, whole))
        {
            return known;
        }

        var separator = options.Value.Separator;
        var restricted = whole.Restricted(t => policy.Refusal(CatalogMerger.Qualify(t.Upstream, t.OriginalName, separator), server, roles) is null);
        generation.Keep(key, restricted);
        return restricted;
    }

    /// <summary>What a session of the tenant sees on the server (null: the merged endpoint), before tool policies.</summary>
    public async ValueTask<CatalogView> ForAsync(string? server, string? tenant)
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
        if (current.Version != snapshot.Version)
        {
            return Build(snapshot, server, tenant);
        }

        var key = new ViewKey(server ?? "", tenant ?? "", null);
        if (current.Views.TryGetValue(key, out var known))
        {
            return known;
        }

        var view = Build(snapshot, server, tenant);
        current.Keep(key, view);
        return view;
    }

    private static CatalogView Build(CatalogSnapshot snapshot, string? server, string? tenant)
    {
        if (server is not null)
        {
            return snapshot.UpstreamsByName.TryGetValue(server, out var own) && Tenancy.Sees(tenant, own.Tenant)
                ? CatalogView.PassThrough(snapshot, server)
                : CatalogView.Empty;
        }

        // The common case, one space for everybody: the merged view is the snapshot's own lists.
        return snapshot.Upstreams.All(u => Tenancy.Sees(tenant, u.Tenant))
            ? CatalogView.Merged(snapshot)
            : CatalogView.Merged(snapshot, upstream => Tenancy.Sees(tenant, snapshot.UpstreamsByName[upstream].Tenant));
    }

    private sealed class Generation(long version)
    {
        public long Version { get; } = version;

        /// <summary>By virtual server and tenant, and role set; at most <see cref="MaxViews"/>.</summary>
        public ConcurrentDictionary<ViewKey, CatalogView> Views { get; } = new();

        /// <summary>Keeps the view for the key, unless the generation holds as many as it may.</summary>
        public void Keep(ViewKey key, CatalogView view)
        {
            if (Views.Count < MaxViews || Views.ContainsKey(key))
            {
                Views[key] = view;
            }
        }
    }
}

/// <summary>
/// Which view: the virtual server ("" for the merged endpoint), the tenant ("" for none) and the
/// role set (null before tool policies; "" for a principal with no roles); a key without a string made per request.
/// </summary>
internal readonly record struct ViewKey(string Server, string Tenant, string? Roles);
