using System.Net;

namespace Gateway.Isolated.Tests.Infrastructure;

/// <summary>
/// The network namespace tests/run-all.sh makes for this tier: only loopback, and an /etc/hosts
/// of its own naming internal addresses. Nothing sent to them can leave the machine: 10.0.0.5 and
/// 169.254.169.254 have no route, and the 127.0.0.0/8 addresses are this namespace's own.
/// </summary>
public static class IsolatedNetwork
{
    /// <summary>Resolves to 127.0.0.1: a name that hides loopback from the URL check.</summary>
    public const string LoopName = "loop.test";

    /// <summary>Resolves to 10.0.0.5, a private (RFC 1918) address.</summary>
    public const string InternalName = "internal.test";

    /// <summary>Resolves to 169.254.169.254, the cloud metadata address.</summary>
    public const string MetadataName = "metadata.test";

    /// <summary>Resolves to 127.0.0.3; the gateway allows it by name (Gateway:Network:AllowedUpstreamHosts).</summary>
    public const string AllowedName = "allowed.test";

    /// <summary>Loopback too, and allowed by network (Gateway:Network:AllowedUpstreamNetworks 127.0.0.2/32).</summary>
    public const string AllowedAddress = "127.0.0.2";

    public static readonly IReadOnlyDictionary<string, string> Hosts = new Dictionary<string, string>
    {
        [LoopName] = "127.0.0.1",
        [InternalName] = "10.0.0.5",
        [MetadataName] = "169.254.169.254",
        [AllowedName] = "127.0.0.3",
    };

    private const string HowToRun = "Run this tier with `bash tests/run-all.sh isolated`, which creates that namespace and its hosts file.";

    /// <summary>Throws, saying how to run the tier, unless this process is inside such a namespace.</summary>
    public static void Require()
    {
        var interfaces = Directory.Exists("/sys/class/net")
            ? Directory.GetFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (interfaces is not ["lo"])
        {
            throw new InvalidOperationException(
                $"These tests point a gateway at internal addresses and must run in a network namespace that has only loopback; " +
                $"this one has [{string.Join(", ", interfaces)}]. {HowToRun}");
        }

        foreach (var (name, expected) in Hosts)
        {
            var found = Dns.GetHostAddresses(name);
            if (found.Length != 1 || !found[0].Equals(IPAddress.Parse(expected)))
            {
                throw new InvalidOperationException(
                    $"{name} must resolve to {expected} alone inside the namespace, but resolves to [{string.Join(", ", found.Select(a => a.ToString()))}]. {HowToRun}");
            }
        }
    }
}
