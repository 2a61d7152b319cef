namespace Gateway.Runtime.Membership;

/// <summary>
/// How this silo takes part in cluster membership. The defaults suit a production cluster; tests
/// shrink the intervals to a second or so.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>The cluster this silo belongs to; silos sharing a table but not this id never see each other.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>The host name or IP address other silos reach this one on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The cluster (silo-to-silo) port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The generation to join under, chosen before joining so the silo can name itself (stream
    /// addresses, directory entries) before its row exists; 0 lets the join choose one. Joining fails
    /// when the table already holds this or a later generation for the same endpoint.
    /// </summary>
    public long Generation { get; set; }

    /// <summary>
    /// True (the default) makes <see cref="MembershipAgent.StartAsync"/> go on to Active. False stops it
    /// at Joining, heartbeating and following the others, until <see cref="MembershipAgent.ActivateAsync"/>:
    /// a silo whose cluster port opens only after every start-up task has run turns Active then, so no
    /// other silo ever sends it a call that nothing is listening for.
    /// </summary>
    public bool ActivateOnStart { get; set; } = true;

    /// <summary>The client-facing HTTP port, recorded for operators and load balancers; 0 for none.</summary>
    public int HttpPort { get; set; }

    /// <summary>A name for people, such as the machine or pod name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>How often this silo writes its heartbeat (IAmAlive) to the table.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo whose heartbeat has not changed for this long is voted Dead; and a silo that could not
    /// write its own heartbeat for this long stops by itself, since the others will have voted it out.
    /// </summary>
    public TimeSpan FailureTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the table is read, to follow joins and departures and to look for stale heartbeats.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows of silos dead for longer than this are deleted when a silo joins.</summary>
    public TimeSpan DefunctSiloRetention { get; set; } = TimeSpan.FromDays(7);
}
