using Gateway.Silo.Configuration;
using Gateway.Silo.Hosting;
using Gateway.Transports.Audit;
using Gateway.Upstreams;
using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>
/// /admin/upstreams: the upstreams the caller governs, listed with their status, added and
/// removed. Names are cluster-wide: a name another tenant holds is taken (409), though that
/// tenant's upstream is neither listed nor removable (404, as if it did not exist).
/// </summary>
public static partial class AdminUpstreamEndpoints
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        read.MapGet("/upstreams", ListAsync);
        write.MapPost("/upstreams", AddAsync).Audited(AdminActions.UpstreamAdd);
        write.MapDelete("/upstreams/{name}", RemoveAsync).Audited(AdminActions.UpstreamRemove);
    }

    private static async Task<IResult> ListAsync(HttpContext context, UpstreamDirectory directory, IGrainFactory grains, UpstreamSessionPool pool)
    {
        var scope = AdminScope.Of(context);
        var views = new List<UpstreamView>();
        foreach (var (definition, source) in (await directory.ListAsync()).Where(u => scope.Governs(u.Definition.Tenant)))
        {
            var status = await grains.GetGrain<IUpstreamGrain>(definition.Name).GetStatusAsync();
            views.Add(UpstreamViews.Create(definition, source, status, pool.ProcessesOf(definition.Name)));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> AddAsync(
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

        var (tenant, refusal) = AdminScope.Of(context).Assign(definition.Tenant, "an upstream");
        if (refusal is not null)
        {
            return refusal;
        }

        // Stored encrypted from here on (the registry and the upstream's grain); decrypted only to connect.
        definition = (definition with { Tenant = tenant }).MapSecrets(secrets.Protect);
        if (directory.IsConfigured(definition.Name) || !await directory.Registry.AddAsync(definition))
        {
            return Results.Problem(title: "Upstream exists",
                detail: $"An upstream named '{definition.Name}' already exists (upstream names are cluster-wide, across tenants)", statusCode: 409);
        }

        var grain = grains.GetGrain<IUpstreamGrain>(definition.Name);
        await grain.ConfigureAsync(definition);
        LogAdded(loggers.CreateLogger("Gateway.Admin"), definition.Name, definition.Transport, definition.Tenant, context.User.Identity?.Name);
        return Results.Created($"/admin/upstreams/{definition.Name}", UpstreamViews.Create(definition, "admin", await grain.GetStatusAsync(), processes: 0));
    }

    private static async Task<IResult> RemoveAsync(
        string name, HttpContext context, UpstreamDirectory directory, IGrainFactory grains, ILoggerFactory loggers)
    {
        var known = (await directory.ListAsync()).FirstOrDefault(u => u.Definition.Name == name);
        if (known.Definition is null || !AdminScope.Of(context).Governs(known.Definition.Tenant))
        {
            return NoSuchUpstream(name);
        }

        if (known.Source == "config")
        {
            return Results.Problem(title: "Upstream is configured",
                detail: $"Upstream '{name}' comes from the config file; remove it there", statusCode: 409);
        }

        if (!await directory.Registry.RemoveAsync(name))
        {
            return NoSuchUpstream(name);
        }

        await grains.GetGrain<IUpstreamGrain>(name).RemoveAsync();
        LogRemoved(loggers.CreateLogger("Gateway.Admin"), name, context.User.Identity?.Name);
        return Results.NoContent();
    }

    /// <summary>The same answer for an upstream that does not exist and for another tenant's.</summary>
    private static IResult NoSuchUpstream(string name) =>
        Results.Problem(title: "No such upstream", detail: $"No upstream named '{name}'", statusCode: 404);

    /// <summary>Every env:// or file:// value of a definition (in any case), with the field it is in.</summary>
    private static IEnumerable<(string Field, string Reference)> SecretReferences(UpstreamDefinition definition)
    {
        static bool IsReference(string? value) =>
            value is not null && (value.StartsWith("env://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("file://", StringComparison.OrdinalIgnoreCase));

        return definition.Secrets()
            .Append((Field: "url", Value: definition.Url ?? ""))
            .Where(s => IsReference(s.Value));
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Admin: upstream {Upstream} ({Transport}, tenant {Tenant}) added by {Principal}")]
    private static partial void LogAdded(ILogger logger, string upstream, string transport, string? tenant, string? principal);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Admin: upstream {Upstream} removed by {Principal}")]
    private static partial void LogRemoved(ILogger logger, string upstream, string? principal);
}
