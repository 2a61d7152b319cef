using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Silo.Configuration;

/// <summary>Host names and addresses in the settings: Gateway:Cluster:AdvertisedAddress (an IP address, or a host name as in docker compose, resolved once at start) and whether a host is loopback.</summary>
public static class ClusterAddress
{
    public static bool TryResolve(string value, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace) || value.Contains('/'))
        {
            error = "must be the IP address or host name the other silos reach this one on";
            return false;
        }

        if (IPAddress.TryParse(value.Trim('[', ']'), out address))
        {
            return true;
        }

        try
        {
            var found = Dns.GetHostAddresses(value);
            address = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault();
        }
        catch (SocketException ex)
        {
            error = $"cannot be resolved ({ex.Message})";
            return false;
        }

        if (address is null)
        {
            error = "resolves to no address";
            return false;
        }

        return true;
    }

    public static bool IsLoopback(string value) =>
        value.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(value.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
