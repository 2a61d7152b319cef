namespace Gateway.Upstreams.Network;

/// <summary>
/// Gateway:Network: where outbound HTTP of URLs the gateway did not get from its operator's config
/// file (upstreams added through the admin API; peers later) may connect. By default nothing
/// internal: loopback, private, link-local, metadata and other special-purpose addresses are
/// refused (<see cref="SpecialPurposeAddresses"/>); these lists let some of them through.
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>
    /// Host names or IP literals an upstream URL may name although they are internal, matched
    /// whole and case-insensitively, a trailing dot ignored. A name allows whatever it resolves
    /// to; an IP literal allows that address, whatever name led to it.
    /// </summary>
    public List<string> AllowedUpstreamHosts { get; set; } = [];

    /// <summary>CIDR networks (IPv4 or IPv6, e.g. 10.20.0.0/16, fd00:1::/64) whose addresses are allowed although internal.</summary>
    public List<string> AllowedUpstreamNetworks { get; set; } = [];
}
