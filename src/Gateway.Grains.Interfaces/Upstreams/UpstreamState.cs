namespace Gateway.Upstreams;

[GenerateSerializer, Alias("gw.UpstreamState")]
public enum UpstreamState
{
    /// <summary>No definition yet, or removed.</summary>
    Unconfigured,
    Connecting,
    Connected,

    /// <summary>The last attempt failed; a retry is scheduled.</summary>
    Failed,
}
