namespace Gateway.Sessions;

/// <summary>What the admin API shows of one open MCP session: never its id, which is a bearer credential.</summary>
/// <param name="Principal">The principal it is bound to; null for the anonymous principal (auth off).</param>
/// <param name="Tenant">The principal's tenant when the session opened.</param>
/// <param name="Session">The short hash of its id (<c>SessionIds.ForLog</c>), as logs and audit lines name it.</param>
/// <param name="Server">The virtual server it was opened on; null for the merged <c>/mcp</c>.</param>
/// <param name="OpenedAt">When it was admitted; null for a session a renewal counted again after its principal's state was lost.</param>
/// <param name="LeaseEndsAt">When its place under the cap frees unless the session says it lives.</param>
[GenerateSerializer, Immutable, Alias("gw.OpenSession")]
public sealed record OpenSession(
    [property: Id(0)] string? Principal,
    [property: Id(1)] string? Tenant,
    [property: Id(2)] string Session,
    [property: Id(3)] string? Server,
    [property: Id(4)] DateTimeOffset? OpenedAt,
    [property: Id(5)] DateTimeOffset LeaseEndsAt);
