namespace Gateway.Upstreams.Transports;

/// <summary>
/// The named HttpClients of HTTP upstreams: one for the operator's own upstreams (the config
/// file), one behind the SSRF guard for every other (<see cref="Network.OutboundAddressGuard"/>).
/// </summary>
public static class UpstreamHttpClients
{
    public const string Configured = "upstream";

    public const string Guarded = "upstream-guarded";

    public static string For(UpstreamDefinition definition) => definition.FromConfig ? Configured : Guarded;
}
