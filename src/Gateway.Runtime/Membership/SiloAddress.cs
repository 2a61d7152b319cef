using System.Globalization;

namespace Gateway.Runtime.Membership;

/// <summary>
/// One incarnation of a silo: the endpoint other silos reach it on, plus the generation that tells
/// this start of the process apart from every earlier one at the same endpoint. Written as
/// <c>host:siloPort:generation</c> (an IPv6 host in brackets).
/// </summary>
public sealed record SiloAddress(string Host, int SiloPort, long Generation) : IComparable<SiloAddress>
{
    /// <summary>True when <paramref name="other"/> is the same endpoint, whatever its generation.</summary>
    public bool IsSameEndpoint(SiloAddress other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SiloPort == other.SiloPort && string.Equals(Host, other.Host, StringComparison.Ordinal);
    }

    public int CompareTo(SiloAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.CompareOrdinal(Host, other.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        return SiloPort != other.SiloPort ? SiloPort.CompareTo(other.SiloPort) : Generation.CompareTo(other.Generation);
    }

    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{SiloPort}:{Generation}");
    }

    /// <summary>Reads what <see cref="ToString"/> wrote.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        if (text is null)
        {
            return false;
        }

        var generationAt = text.LastIndexOf(':');
        var portAt = generationAt > 0 ? text.LastIndexOf(':', generationAt - 1) : -1;
        if (portAt <= 0
            || !int.TryParse(text.AsSpan(portAt + 1, generationAt - portAt - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            || !long.TryParse(text.AsSpan(generationAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        var host = text[..portAt];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            return false;
        }

        address = new SiloAddress(host, port, generation);
        return true;
    }

    public static SiloAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a silo address (host:siloPort:generation).");
}
