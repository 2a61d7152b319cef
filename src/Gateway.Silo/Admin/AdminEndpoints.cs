using Gateway.Catalog;
using Orleans;
using Orleans.Runtime;
using Gateway.Silo.Configuration;
using Gateway.Silo.Hosting;
using Gateway.Tools;
using Gateway.Transports.Audit;
using Gateway.Transports.Security;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>
/// The admin HTTP API: upstreams (list, add, remove), API keys, tool pins, per-tool figures, the
/// cluster's silos and the audit log. Reads need the viewer role (or admin), changes and the audit
/// log the admin role; every change is audited (<see cref="AdminActions"/>).
/// </summary>
public static partial class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/admin").RequireAuthorization(GatewayAuthentication.ViewerPolicy);
        var write = endpoints.MapGroup("/admin").RequireAuthorization(GatewayAuthentication.AdminPolicy);
        read.MapGet("/upstreams", ListUpstreamsAsync);
        write.MapPost("/upstreams", AddUpstreamAsync).Audited(AdminActions.UpstreamAdd);
        write.MapDelete("/upstreams/{name}", RemoveUpstreamAsync).Audited(AdminActions.UpstreamRemove);
        read.MapGet("/tools", ListToolsAsync);
        read.MapGet("/cluster", DescribeClusterAsync);
        read.MapGet("/cluster/grains/{kind}/{key}", LocateGrainAsync);
        AdminKeyEndpoints.Map(read, write);
        AdminPinEndpoints.Map(read, write);

        // Admins only: the lines say who did what.
        AdminAuditEndpoints.Map(write);
        return endpoints;
    }

    /// <summary>This silo and every silo of the membership table, as Orleans' management grain sees them: what an operator checks first.</summary>
    private static async Task<IResult> DescribeClusterAsync(
        IGrainFactory grains, ILocalSiloDetails local, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
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

    private static async Task<IResult> ListUpstreamsAsync(UpstreamDirectory directory, IGrainFactory grains, UpstreamSessionPool pool)
    {
        var views = new List<UpstreamView>();
        foreach (var (definition, source) in await directory.ListAsync())
        {
            var status = await grains.GetGrain<IUpstreamGrain>(definition.Name).GetStatusAsync();
            views.Add(UpstreamViews.Create(definition, source, status, pool.ProcessesOf(definition.Name)));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> AddUpstreamAsync(
        HttpContext context, UpstreamDirectory directory, IGrainFactory grains, IOptions<AdminOptions> admin, OutboundAddressGuard guard,
        UpstreamSecrets secrets, ILoggerFactory loggers)
    {
        var (definition, problem) = await AdminBody.ReadAsync<UpstreamDefinition>(context, "Invalid upstream", "an upstream definition");
        if (definition is null)
        {
            return problem!;
        }

        AuditNote.Of(context).Target = definition.Name;

        if (definition.Transport == UpstreamTransports.Stdio && !admin.Value.AllowStdioUpstreams)
        {
            return Results.Problem(title: "Stdio upstreams are the operator's",
                detail: "A stdio upstream runs a command on the gateway's host: add it to the config file, or set Gateway:Admin:AllowStdioUpstreams to true",
                statusCode: 403);
        }

        // Only the config file makes an upstream the operator's own, whatever the body says; and a
        // list or map sent as null is an empty one (found by the fuzz job: null headers were a 500).
        definition = definition with
        {
            FromConfig = false,
            Args = definition.Args ?? [],
            Env = definition.Env ?? [],
            Headers = definition.Headers ?? [],
            Tags = definition.Tags ?? [],
        };
        var errors = UpstreamDefinitionValidator.Validate(definition, guard);
        foreach (var (field, reference) in SecretReferences(definition).Where(r => !admin.Value.IsAllowedReference(r.Reference)))
        {
            errors[field] = [.. errors.GetValueOrDefault(field, []),
                $"'{reference}' reads the gateway's own environment or files: admin API input may use only the references in Gateway:Admin:AllowedSecretReferences"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value)), title: "Invalid upstream");
        }

        // Stored encrypted from here on (the registry and the upstream's grain); decrypted only to connect.
        definition = definition.MapSecrets(secrets.Protect);
        if (directory.IsConfigured(definition.Name) || !await directory.Registry.AddAsync(definition))
        {
            return Results.Problem(title: "Upstream exists", detail: $"An upstream named '{definition.Name}' already exists", statusCode: 409);
        }

        var grain = grains.GetGrain<IUpstreamGrain>(definition.Name);
        await grain.ConfigureAsync(definition);
        LogAdded(loggers.CreateLogger("Gateway.Admin"), definition.Name, definition.Transport, context.User.Identity?.Name);
        return Results.Created($"/admin/upstreams/{definition.Name}", UpstreamViews.Create(definition, "admin", await grain.GetStatusAsync(), processes: 0));
    }

    private static async Task<IResult> RemoveUpstreamAsync(
        string name, HttpContext context, UpstreamDirectory directory, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (directory.IsConfigured(name))
        {
            return Results.Problem(title: "Upstream is configured",
                detail: $"Upstream '{name}' comes from the config file; remove it there", statusCode: 409);
        }

        if (!await directory.Registry.RemoveAsync(name))
        {
            return Results.Problem(title: "No such upstream", detail: $"No upstream named '{name}'", statusCode: 404);
        }

        await grains.GetGrain<IUpstreamGrain>(name).RemoveAsync();
        LogRemoved(loggers.CreateLogger("Gateway.Admin"), name, context.User.Identity?.Name);
        return Results.NoContent();
    }

    /// <summary>Every env:// or file:// value of a definition (in any case), with the field it is in.</summary>
    private static IEnumerable<(string Field, string Reference)> SecretReferences(UpstreamDefinition definition)
    {
        static bool IsReference(string? value) =>
            value is not null && (value.StartsWith("env://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("file://", StringComparison.OrdinalIgnoreCase));

        return definition.Secrets()
            .Append((Field: "url", Value: definition.Url ?? ""))
            .Where(s => IsReference(s.Value));
    }

    private static async Task<IResult> ListToolsAsync(CatalogCache catalog, IGrainFactory grains, Microsoft.Extensions.Options.IOptions<CatalogOptions> options)
    {
        var snapshot = await catalog.GetAsync();
        var rows = new List<object>();
        foreach (var tool in snapshot.Tools)
        {
            var stats = await grains.GetGrain<IToolGrain>(CatalogMerger.Qualify(tool.Upstream, tool.OriginalName, options.Value.Separator)).GetStatsAsync();
            rows.Add(new
            {
                name = tool.Name,
                upstream = tool.Upstream,
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

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Admin: upstream {Upstream} ({Transport}) added by {Principal}")]
    private static partial void LogAdded(ILogger logger, string upstream, string transport, string? principal);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Admin: upstream {Upstream} removed by {Principal}")]
    private static partial void LogRemoved(ILogger logger, string upstream, string? principal);
}
