namespace Gateway.Cli.Admin;

/// <summary>What <c>GET /admin/sessions</c> answers: the open MCP sessions the caller governs.</summary>
public sealed record SessionsInfo
{
    public IReadOnlyList<SessionInfo> Sessions { get; init; } = [];
}

/// <summary>One open session, by the short hash logs use (the id itself never leaves the gateway).</summary>
public sealed record SessionInfo
{
    public string Principal { get; init; } = "";

    public string? Tenant { get; init; }

    public string Session { get; init; } = "";

    /// <summary>The virtual server; null for the merged <c>/mcp</c>.</summary>
    public string? Server { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset LeaseEndsAt { get; init; }
}
