using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Audit;
using Gateway.Silo.Audit;
using Gateway.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>
/// GET /admin/audit?principal=&amp;tool=&amp;tenant=&amp;since=&amp;limit=: the audit lines of the
/// whole cluster that match every filter given, newest first, for admins only (the lines say who
/// did what). A tenant's admin reads only its tenant's lines; the operator all, or one tenant's.
/// </summary>
public static class AdminAuditEndpoints
{
    public static void Map(RouteGroupBuilder admin) => admin.MapGet("/audit", ReadAsync);

    private static async Task<IResult> ReadAsync(
        HttpContext context, ClusterAudit audit, IOptions<GatewayOptions> options,
        string? principal, string? tool, string? tenant, string? since, string? limit)
    {
        if (!options.Value.Audit.Enabled)
        {
            return Results.Problem(title: "Audit log is off", detail: "Gateway:Audit:Enabled is false on this silo", statusCode: 404);
        }

        var (query, problems) = Parse(principal, tool, tenant, since, limit);
        if (query is null)
        {
            return Results.ValidationProblem(problems, detail: string.Join("; ", problems.SelectMany(p => p.Value)), title: "Invalid audit query");
        }

        var scope = AdminScope.Of(context);
        if (query.Tenant is { } asked && !scope.Governs(asked))
        {
            return Results.Problem(title: "Another tenant's",
                detail: $"A principal of tenant '{scope.Tenant}' reads only its own tenant's audit lines, not those of tenant '{asked}'", statusCode: 403);
        }

        var answer = await audit.ReadAsync(query with { Tenant = query.Tenant ?? scope.Tenant }, context.RequestAborted);
        return Results.Ok(new
        {
            silos = answer.Silos,
            unanswered = answer.Unanswered.Select(u => new { silo = u.Silo, error = u.Error }),
            entries = answer.Lines.Select(l => JsonNode.Parse(l.Json)),
        });
    }

    /// <summary>The query, or every problem with its parameters (all of them, not the first).</summary>
    private static (AuditQuery? Query, Dictionary<string, string[]> Problems) Parse(
        string? principal, string? tool, string? tenant, string? since, string? limit)
    {
        var problems = new Dictionary<string, string[]>();
        if (TenantNames.Problem(Empty(tenant)) is { } badTenant)
        {
            problems["tenant"] = [badTenant];
        }

        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                from = time;
            }
            else
            {
                problems["since"] = [$"'{since}' is not a date and time: use ISO 8601, e.g. 2026-12-01T09:30:00Z"];
            }
        }

        var count = AuditQuery.DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= AuditQuery.MaxLimit))
        {
            problems["limit"] = [$"'{limit}' is not a whole number from 1 to {AuditQuery.MaxLimit}"];
        }

        return problems.Count > 0 ? (null, problems) : (new AuditQuery(Empty(principal), Empty(tool), from, count, Empty(tenant)), problems);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
