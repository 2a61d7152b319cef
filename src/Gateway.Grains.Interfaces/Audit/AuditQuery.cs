namespace Gateway.Audit;

/// <summary>
/// Which audit lines <c>GET /admin/audit</c> wants: all of its filters must match (principal and
/// tool exactly, time from <see cref="Since"/> on), newest first, at most <see cref="Limit"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("gw.AuditQuery")]
public sealed record AuditQuery(string? Principal, string? Tool, DateTimeOffset? Since, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public bool Matches(AuditEntry entry) =>
        (Principal is null || string.Equals(entry.Principal, Principal, StringComparison.Ordinal))
        && (Tool is null || string.Equals(entry.Tool, Tool, StringComparison.Ordinal))
        && (Since is not { } since || entry.Time >= since);
}
