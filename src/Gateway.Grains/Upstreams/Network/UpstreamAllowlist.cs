using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Gateway.Upstreams.Network;

/// <summary>
/// What <see cref="NetworkOptions"/> lets through: host names (a name allows whatever it
/// resolves to) and addresses and networks (an address allows itself whatever name led to it).
/// </summary>
public sealed class UpstreamAllowlist
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public UpstreamAllowlist(NetworkOptions options)
    {
        foreach (var host in options.AllowedUpstreamHosts)
        {
            if (TryParseHost(host, out var name, out var address))
            {
                if (address is null)
                {
                    _names.Add(name);
                }
                else
                {
                    _networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
                }
            }
        }

        foreach (var cidr in options.AllowedUpstreamNetworks)
        {
            if (IPNetwork.TryParse(cidr, out var network))
            {
                _networks.Add(network);
            }
        }
    }

    /// <summary>Whether the operator allowed this host name (as a URL or a connection names it).</summary>
    public bool AllowsName(string host) => _names.Contains(NormalizeName(host));

    /// <summary>Whether the operator allowed this address, or the IPv4 address it carries.</summary>
    public bool AllowsAddress(IPAddress address)
    {
        var embedded = SpecialPurposeAddresses.EmbeddedIPv4(address);
        return _networks.Any(n => n.Contains(address) || (embedded is not null && n.Contains(embedded)));
    }

    /// <summary>
    /// Reads one AllowedUpstreamHosts entry: an IP literal (brackets around IPv6 optional) gives
    /// <paramref name="address"/>; a DNS name gives <paramref name="name"/> alone, lower-cased,
    /// without a trailing dot. False for anything else (a URL, a port, a path).
    /// </summary>
    public static bool TryParseHost(string? entry, [NotNullWhen(true)] out string? name, out IPAddress? address)
    {
        name = null;
        address = null;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var bare = entry.Trim();
        if (bare.StartsWith('[') && bare.EndsWith(']'))
        {
            bare = bare[1..^1];
        }

        if (IPAddress.TryParse(bare, out var parsed) && !bare.Contains('%'))
        {
            name = parsed.ToString();
            address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
            return true;
        }

        bare = NormalizeName(bare);
        if (Uri.CheckHostName(bare) != UriHostNameType.Dns)
        {
            return false;
        }

        name = bare;
        return true;
    }

    /// <summary>Host names compare without case and without the trailing dot of a fully qualified name.</summary>
    public static string NormalizeName(string host) => host.TrimEnd('.').ToLowerInvariant();
}
