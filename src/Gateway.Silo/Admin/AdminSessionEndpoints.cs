using System.Globalization;
using Gateway.Sessions;

namespace Gateway.Silo.Admin;

/// <summary>
/// GET /admin/sessions?principal=&amp;limit=: the open MCP sessions of the principals the caller
/// governs, newest first. Found through the <see cref="ISessionIndexGrain"/> (who has sessions)
/// and each principal's <see cref="IPrincipalSessionsGrain"/> (which ones, until their leases
/// end); a session is named by the short hash of its id, never the id, which would let the
/// reader use it.
/// </summary>
public static class AdminSessionEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void Map(RouteGroupBuilder read) => read.MapGet("/sessions", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, string? principal, string? limit)
    {
        var count = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxLimit))
        {
            var problems = new Dictionary<string, string[]> { ["limit"] = [$"'{limit}' is not a whole number from 1 to {MaxLimit}"] };
            return Results.ValidationProblem(problems, detail: problems["limit"][0], title: "Invalid sessions query");
        }

        var scope = AdminScope.Of(context);
        var present = await grains.GetGrain<ISessionIndexGrain>(ISessionIndexGrain.ClusterKey).ListAsync();
        var asked = present
            .Where(p => scope.Governs(p.Tenant) && (string.IsNullOrEmpty(principal) || p.Principal == principal))
            .Select(p => grains.GetGrain<IPrincipalSessionsGrain>(PrincipalSessionsKey.For(p.Principal)).ListAsync());
        var sessions = (await Task.WhenAll(asked))
            .SelectMany(s => s)

            // The principal's grain has the latest word on its tenant; the index's may be older.
            .Where(s => scope.Governs(s.Tenant))
            .OrderByDescending(s => s.OpenedAt)
            .ThenBy(s => s.Session, StringComparer.Ordinal)
            .Take(count)
            .Select(s => new
            {
                principal = s.Principal,
                tenant = s.Tenant,
                session = s.Session,
                server = s.Server,
                openedAt = s.OpenedAt,
                leaseEndsAt = s.LeaseEndsAt,
            });
        return Results.Ok(new { sessions });
    }
}
