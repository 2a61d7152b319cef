using Gateway.Catalog;
using Gateway.Silo.Configuration;
using Gateway.Upstreams;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Gateway.Silo.Admin;

/// <summary>
/// /admin/cluster: the silos and where grains live. Facts of the whole cluster, whichever tenant's
/// work it does, so a tenant's principal is refused (403) and only the operator reads them.
/// </summary>
public static class AdminClusterEndpoints
{
    public static void Map(RouteGroupBuilder read)
    {
        var cluster = read.MapGroup("/cluster").AddEndpointFilter(async (invocation, next) =>
        {
            var scope = AdminScope.Of(invocation.HttpContext);
            return scope.IsOperator ? await next(invocation) : scope.OperatorOnly("/admin/cluster");
        });
        cluster.MapGet("", DescribeClusterAsync);
        cluster.MapGet("/grains/{kind}/{key}", LocateGrainAsync);
    }

    /// <summary>This silo and every silo of the membership table, as Orleans' management grain sees them: what an operator checks first.</summary>
    private static async Task<IResult> DescribeClusterAsync(IGrainFactory grains, ILocalSiloDetails local, IOptions<GatewayOptions> options)
    {
        var cluster = options.Value.Cluster;
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var self = hosts.FirstOrDefault(h => h.SiloAddress.Equals(local.SiloAddress));
        var statistics = await management.GetRuntimeStatistics([local.SiloAddress]);
        return Results.Ok(new
        {
            provider = cluster.Provider,
            clusterId = cluster.ClusterId,
            self = local.SiloAddress.ToParsableString(),
            name = local.Name,
            status = self?.Status.ToString(),
            activeSilos = hosts.Count(h => h.Status == SiloStatus.Active),
            activations = statistics.FirstOrDefault()?.ActivationCount ?? 0,
            silos = hosts
                .OrderBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
                .Select(h => new
                {
                    address = h.SiloAddress.ToParsableString(),
                    name = h.SiloName,
                    status = h.Status.ToString(),
                    startTime = h.StartTime,
                    lastHeartbeat = h.IAmAliveTime,
                }),
        });
    }

    /// <summary>Which silo holds a session's or an upstream's grain, if it is active: where to look when one misbehaves.</summary>
    private static async Task<IResult> LocateGrainAsync(string kind, string key, IGrainFactory grains)
    {
        IAddressable? grain = kind switch
        {
            "session" => grains.GetGrain<Gateway.Sessions.IMcpSessionGrain>(key),
            "upstream" => grains.GetGrain<IUpstreamGrain>(key),
            "catalog" => grains.GetGrain<ICatalogGrain>(key),
            _ => null,
        };
        if (grain is null)
        {
            return Results.Problem(title: "Unknown grain kind", detail: $"'{kind}' is not one of session, upstream, catalog", statusCode: 400);
        }

        var silo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return silo is null
            ? Results.Problem(title: "Not active", detail: $"No {kind} grain '{key}' is active", statusCode: 404)
            : Results.Ok(new { kind, key, silo = silo.ToParsableString(), siloPort = silo.Endpoint.Port });
    }
}
