using System.Net;
using System.Net.Sockets;

namespace Gateway.Upstreams.Network;

/// <summary>
/// The address ranges the gateway does not connect to on a stranger's say-so: those that reach
/// this machine, its private networks, or a cloud's metadata service, and those no server has
/// (IANA's special-purpose registries, RFC 6890). IPv6 addresses that carry an IPv4 address
/// (IPv4-mapped and -compatible, NAT64, 6to4) are judged by that IPv4 address, as that is where a
/// connection to them ends up.
/// </summary>
public static class SpecialPurposeAddresses
{
    private static readonly Range[] IPv4 = Sorted(
        new("0.0.0.0/8", "an unspecified ('this network', RFC 1122) address"),
        new("10.0.0.0/8", "a private (RFC 1918) address"),
        new("100.64.0.0/10", "a carrier-grade NAT (RFC 6598) address"),
        new("100.100.100.200/32", "a cloud metadata address"),
        new("127.0.0.0/8", "a loopback address"),
        new("169.254.0.0/16", "a link-local address"),
        new("169.254.169.254/32", "a cloud metadata address"),
        new("172.16.0.0/12", "a private (RFC 1918) address"),
        new("192.0.0.0/24", "an IETF protocol assignment (RFC 6890) address"),
        new("192.0.2.0/24", "a documentation (RFC 5737) address"),
        new("192.88.99.0/24", "a 6to4 relay anycast (RFC 7526) address"),
        new("192.168.0.0/16", "a private (RFC 1918) address"),
        new("198.18.0.0/15", "a benchmarking (RFC 2544) address"),
        new("198.51.100.0/24", "a documentation (RFC 5737) address"),
        new("203.0.113.0/24", "a documentation (RFC 5737) address"),
        new("224.0.0.0/4", "a multicast address"),
        new("240.0.0.0/4", "a reserved (RFC 1112) address"),
        new("255.255.255.255/32", "the broadcast address"));

    private static readonly Range[] IPv6 = Sorted(
        new("::/128", "the unspecified address"),
        new("::1/128", "the loopback address"),
        new("::/96", "an IPv4-compatible IPv6 address (RFC 4291)", EmbeddedAt: 12),
        new("64:ff9b::/96", "a NAT64 address (RFC 6052)", EmbeddedAt: 12),
        new("64:ff9b:1::/48", "a local-use NAT64 (RFC 8215) address"),
        new("100::/64", "a discard-only (RFC 6666) address"),
        new("2001::/32", "a Teredo (RFC 4380) address"),
        new("2001:2::/48", "a benchmarking (RFC 5180) address"),
        new("2001:db8::/32", "a documentation (RFC 3849) address"),
        new("2002::/16", "a 6to4 address (RFC 3056)", EmbeddedAt: 2),
        new("3fff::/20", "a documentation (RFC 9637) address"),
        new("fc00::/7", "a unique local (RFC 4193) address"),
        new("fd00:ec2::254/128", "a cloud metadata address"),
        new("fe80::/10", "a link-local address"),
        new("fec0::/10", "a site-local (RFC 3879) address"),
        new("ff00::/8", "a multicast address"));

    /// <summary>Null for an address the gateway may connect to; otherwise the rule that refuses it.</summary>
    public static AddressRefusal? Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Embedded(address, address.MapToIPv4(), "an IPv4-mapped IPv6 address");
        }

        foreach (var range in address.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6)
        {
            if (!range.Network.Contains(address))
            {
                continue;
            }

            if (range.EmbeddedAt is not { } at)
            {
                return new AddressRefusal(address, range.Rule);
            }

            var embedded = new IPAddress(address.GetAddressBytes().AsSpan(at, 4));
            return Embedded(address, embedded, range.Rule);
        }

        return null;
    }

    /// <summary>The IPv4 address inside an IPv6 one (IPv4-mapped, -compatible, NAT64, 6to4), or null.</summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            && IPv6.FirstOrDefault(r => r.Network.Contains(address)) is { EmbeddedAt: { } at }
                ? new IPAddress(address.GetAddressBytes().AsSpan(at, 4))
                : null;
    }

    private static AddressRefusal? Embedded(IPAddress address, IPAddress embedded, string embedding) =>
        Classify(embedded) is { } refusal ? new AddressRefusal(address, refusal.Rule, embedded, embedding) : null;

    /// <summary>Most specific first, so that 169.254.169.254 is "metadata" before it is "link-local", and ::1 is not IPv4-compatible.</summary>
    private static Range[] Sorted(params Range[] ranges) => [.. ranges.OrderByDescending(r => r.Network.PrefixLength)];

    /// <param name="EmbeddedAt">Where the IPv4 address it carries starts, for a range judged by that address.</param>
    private sealed record Range(IPNetwork Network, string Rule, int? EmbeddedAt = null)
    {
        public Range(string cidr, string rule, int? EmbeddedAt = null)
            : this(IPNetwork.Parse(cidr), rule, EmbeddedAt)
        {
        }
    }
}
