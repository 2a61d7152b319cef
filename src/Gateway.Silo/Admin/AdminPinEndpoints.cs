using Gateway.Catalog;
using Gateway.Pinning;
using Gateway.Silo.Hosting;
using Gateway.Transports.Audit;
using Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Admin;

/// <summary>
/// /admin/pins: the tool pins and the definitions held for an admin's approval (tool pinning).
/// Approving a held definition pins it and has its upstream publish its catalog again, so the tool
/// is back at once and sessions get list_changed; rejecting keeps it held, marked as refused. A
/// tenant's principal sees and decides only the pins of its tenant's upstreams; a pin of an
/// upstream no longer known belongs to no tenant, so to the operator.
/// </summary>
public static class AdminPinEndpoints
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder write)
    {
        read.MapGet("/pins", ListAsync);
        write.MapPost("/pins/{upstream}/{tool}/approve", ApproveAsync).Audited(AdminActions.PinApprove);
        write.MapPost("/pins/{upstream}/{tool}/reject", RejectAsync).Audited(AdminActions.PinReject);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, UpstreamDirectory directory, IOptions<CatalogOptions> options)
    {
        var scope = AdminScope.Of(context);
        var upstreams = await directory.ListAsync();
        var pins = await Pins(grains).ListAsync();
        var separator = options.Value.Separator;
        return Results.Ok(new
        {
            pinning = options.Value.Pinning,
            pins = pins.Pins.Where(p => Governs(scope, upstreams, p.Upstream)).Select(p => PinView(p, separator)),
            pending = pins.Held.Where(h => Governs(scope, upstreams, h.Upstream)).Select(h => new
            {
                upstream = h.Upstream,
                tool = h.Tool,
                name = CatalogMerger.Qualify(h.Upstream, h.Tool, separator),
                kind = KindName(h.Kind),
                pinnedHash = h.PinnedHash,
                hash = h.Hash,
                firstSeen = h.FirstSeen,
                description = h.Description,
                renamedFrom = h.RenamedFrom,
                rejectedAt = h.RejectedAt,
                rejectedBy = h.RejectedBy,
            }),
        });
    }

    private static async Task<IResult> ApproveAsync(
        string upstream, string tool, HttpContext context, IGrainFactory grains, UpstreamDirectory directory, IOptions<CatalogOptions> options)
    {
        var upstreams = await directory.ListAsync();
        if (!Governs(AdminScope.Of(context), upstreams, upstream)
            || await Pins(grains).ApproveAsync(upstream, tool, context.User.Identity?.Name) is not { } pin)
        {
            return NotHeld(upstream, tool);
        }

        // Only a known upstream's grain: a call would activate (and keep alive) one for a name nobody configured.
        if (upstreams.Any(known => known.Definition.Name == upstream))
        {
            await grains.GetGrain<IUpstreamGrain>(upstream).ReviewPinsAsync();
        }

        return Results.Ok(PinView(pin, options.Value.Separator));
    }

    private static async Task<IResult> RejectAsync(string upstream, string tool, HttpContext context, IGrainFactory grains, UpstreamDirectory directory)
    {
        if (!Governs(AdminScope.Of(context), await directory.ListAsync(), upstream)
            || await Pins(grains).RejectAsync(upstream, tool, context.User.Identity?.Name) is not { } held)
        {
            return NotHeld(upstream, tool);
        }

        return Results.Ok(new
        {
            upstream = held.Upstream,
            tool = held.Tool,
            kind = KindName(held.Kind),
            hash = held.Hash,
            rejectedAt = held.RejectedAt,
            rejectedBy = held.RejectedBy,
            note = "The tool stays held: approve it, or have the upstream serve its pinned definition again.",
        });
    }

    private static object PinView(ToolPin pin, string separator) => new
    {
        upstream = pin.Upstream,
        tool = pin.Tool,
        name = CatalogMerger.Qualify(pin.Upstream, pin.Tool, separator),
        hash = pin.Hash,
        firstSeen = pin.FirstSeen,
        pinnedAt = pin.PinnedAt,
        approvedBy = pin.ApprovedBy,
    };

    /// <summary>Whether the caller governs an upstream, by name, among those known now; the pins of one no longer known are the operator's.</summary>
    private static bool Governs(AdminScope scope, IReadOnlyList<(UpstreamDefinition Definition, string Source)> upstreams, string upstream) =>
        scope.Governs(upstreams.FirstOrDefault(u => u.Definition.Name == upstream).Definition?.Tenant);

    /// <summary>
    /// The one refusal of these endpoints, for approve and reject alike: nothing of the tool is
    /// held, or it is another tenant's, answered the same so that its pins stay unseen.
    /// </summary>
    private static IResult NotHeld(string upstream, string tool) => Results.Problem(
        title: "Nothing held",
        detail: $"No definition of tool '{tool}' of upstream '{upstream}' is held for approval (GET /admin/pins lists those that are)",
        statusCode: StatusCodes.Status404NotFound);

    private static string KindName(HoldKind kind) => kind == HoldKind.Renamed ? "renamed" : "changed";

    private static IToolPinsGrain Pins(IGrainFactory grains) => grains.GetGrain<IToolPinsGrain>(IToolPinsGrain.ClusterKey);
}
