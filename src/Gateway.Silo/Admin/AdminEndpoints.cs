using Gateway.Catalog;
using Gateway.Runtime;
using Gateway.Silo.Configuration;
using Gateway.Silo.Hosting;
using Gateway.Tools;
using Gateway.Upstreams;

namespace Gateway.Silo.Admin;

/// <summary>The admin HTTP API: upstreams (list, add, remove), per-tool figures and the cluster's silos.</summary>
public static partial class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/upstreams", ListUpstreamsAsync);
        admin.MapPost("/upstreams", AddUpstreamAsync);
        admin.MapDelete("/upstreams/{name}", RemoveUpstreamAsync);
        admin.MapGet("/tools", ListToolsAsync);
        admin.MapGet("/cluster", DescribeClusterAsync);
        return endpoints;
    }

    /// <summary>This silo and, in a cluster, every row of the membership table: what an operator checks first.</summary>
    private static async Task<IResult> DescribeClusterAsync(
        IServiceProvider services, SiloIdentity silo, IActivationCatalog catalog, Microsoft.Extensions.Options.IOptions<GatewayOptions> options,
        CancellationToken cancellationToken)
    {
        var cluster = options.Value.Cluster;
        if (services.GetService<Gateway.Runtime.Membership.MembershipAgent>() is not { } membership)
        {
            return Results.Ok(new { provider = cluster.Provider, self = silo.Id, activations = catalog.ActivationCount, silos = Array.Empty<object>() });
        }

        var table = await services.GetRequiredService<Gateway.Runtime.Membership.IMembershipTable>().ReadAllAsync(cancellationToken);
        var rows = table.Rows
            .OrderBy(row => row.Entry.Silo)
            .Select(row => new
            {
                address = row.Entry.Silo.ToString(),
                name = row.Entry.SiloName,
                status = row.Entry.Status.ToString(),
                httpPort = row.Entry.HttpPort,
                startTime = row.Entry.StartTime,
                lastHeartbeat = row.Entry.IAmAliveTime,
            });
        return Results.Ok(new
        {
            provider = cluster.Provider,
            clusterId = cluster.ClusterId,
            self = silo.Id,
            status = membership.LocalStatus?.ToString(),
            viewVersion = membership.CurrentView.Version,
            activeSilos = membership.CurrentView.ActiveSilos.Length,
            activations = catalog.ActivationCount,
            silos = rows,
        });
    }

    private static async Task<IResult> ListUpstreamsAsync(UpstreamDirectory directory, IGrainFactory grains)
    {
        var views = new List<UpstreamView>();
        foreach (var (definition, source) in await directory.ListAsync())
        {
            var status = await grains.GetGrain<IUpstreamGrain>(definition.Name).GetStatusAsync();
            views.Add(UpstreamViews.Create(definition, source, status));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> AddUpstreamAsync(
        HttpContext context, UpstreamDirectory directory, IGrainFactory grains, ILoggerFactory loggers)
    {
        UpstreamDefinition? definition;
        try
        {
            definition = await context.Request.ReadFromJsonAsync<UpstreamDefinition>(context.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return Results.Problem(title: "Invalid upstream", detail: $"The body is not an upstream definition: {ex.Message}", statusCode: 400);
        }

        if (definition is null)
        {
            return Results.Problem(title: "Invalid upstream", detail: "The body is empty", statusCode: 400);
        }

        var errors = UpstreamDefinitionValidator.Validate(definition);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value)), title: "Invalid upstream");
        }

        if (directory.IsConfigured(definition.Name) || !await directory.Registry.AddAsync(definition))
        {
            return Results.Problem(title: "Upstream exists", detail: $"An upstream named '{definition.Name}' already exists", statusCode: 409);
        }

        var grain = grains.GetGrain<IUpstreamGrain>(definition.Name);
        await grain.ConfigureAsync(definition);
        LogAdded(loggers.CreateLogger("Gateway.Admin"), definition.Name, definition.Transport, context.User.Identity?.Name);
        return Results.Created($"/admin/upstreams/{definition.Name}", UpstreamViews.Create(definition, "admin", await grain.GetStatusAsync()));
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
