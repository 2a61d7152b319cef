using Gateway.Catalog;
using Gateway.Tools;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>/admin/tools: the catalog's tools of the upstreams the caller governs, each with its call figures.</summary>
public static class AdminToolEndpoints
{
    public static void Map(RouteGroupBuilder read) => read.MapGet("/tools", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, CatalogCache catalog, IGrainFactory grains, IOptions<CatalogOptions> options)
    {
        var scope = AdminScope.Of(context);
        var snapshot = await catalog.GetAsync();
        var rows = new List<object>();
        foreach (var tool in snapshot.Tools)
        {
            var tenant = snapshot.UpstreamsByName.GetValueOrDefault(tool.Upstream)?.Tenant;
            if (!scope.Governs(tenant))
            {
                continue;
            }

            var stats = await grains.GetGrain<IToolGrain>(CatalogMerger.Qualify(tool.Upstream, tool.OriginalName, options.Value.Separator)).GetStatsAsync();
            rows.Add(new
            {
                name = tool.Name,
                upstream = tool.Upstream,
                tenant,
                originalName = tool.OriginalName,
                description = tool.Item.Description,
                calls = stats.Calls,
                toolErrors = stats.ToolErrors,
                failures = stats.Failures,
                p50Ms = stats.P50Milliseconds,
                p99Ms = stats.P99Milliseconds,
                lastCallAt = stats.LastCallAt,
            });
        }

        return Results.Ok(new { version = snapshot.Version, tools = rows });
    }
}
