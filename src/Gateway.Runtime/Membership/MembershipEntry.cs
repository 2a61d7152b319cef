namespace Gateway.Runtime.Membership;

/// <summary>
/// One silo's row in the membership table. <see cref="IAmAliveTime"/> is the heartbeat, written
/// often and without touching the table version; everything else is structural and changes only
/// through a versioned, ETag-checked update.
/// </summary>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime)
{
    /// <summary>A name for people (the machine or pod name); not part of the identity.</summary>
    public string SiloName { get; init; } = "";

    /// <summary>The client-facing HTTP port (MCP front door), or 0 when the silo serves none.</summary>
    public int HttpPort { get; init; }
}
