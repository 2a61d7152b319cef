namespace Gateway.Cluster;

/// <summary>How this silo talks to the other silos of its cluster.</summary>
public sealed class ClusterMessagingOptions
{
    /// <summary>The shared secret every silo of the cluster signs its silo-to-silo requests with.</summary>
    public string ClusterKey { get; set; } = "";

    /// <summary>The cluster (silo-to-silo) port this silo listens on; never the client port.</summary>
    public int SiloPort { get; set; }

    /// <summary>
    /// The deadline of a grain call that crosses silos, counted from when it leaves the caller. It is
    /// longer than the longest upstream call timeout, so an upstream's own timeout answers first.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>How long opening a connection to another silo may take before the call fails as not delivered.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far a signed request's time may be from this silo's clock.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
