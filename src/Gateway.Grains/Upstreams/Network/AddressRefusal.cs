using System.Net;

namespace Gateway.Upstreams.Network;

/// <summary>Why an address is not one the gateway connects to by default.</summary>
/// <param name="Address">The address as it was given.</param>
/// <param name="Rule">The special-purpose range it falls in, with its article: "a loopback address".</param>
/// <param name="Embedded">The IPv4 address judged instead, when <paramref name="Address"/> carries one (IPv4-mapped, NAT64, 6to4).</param>
/// <param name="Embedding">How <paramref name="Address"/> carries it: "an IPv4-mapped IPv6 address".</param>
public sealed record AddressRefusal(IPAddress Address, string Rule, IPAddress? Embedded = null, string? Embedding = null)
{
    /// <summary>"127.0.0.1 is a loopback address", or "::ffff:169.254.169.254 is an IPv4-mapped IPv6 address of 169.254.169.254, a cloud metadata address".</summary>
    public string Reason => Embedded is null
        ? $"{Address} is {Rule}"
        : $"{Address} is {Embedding} of {Embedded}, {Rule}";
}
