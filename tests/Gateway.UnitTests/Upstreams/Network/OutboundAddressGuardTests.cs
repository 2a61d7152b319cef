using System.Net;
using Gateway.Upstreams.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.UnitTests.Upstreams.Network;

/// <summary>The URL check of the SSRF guard: every spelling of an internal address is refused, naming it and its rule.</summary>
public sealed class OutboundAddressGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:22/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.1:22/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://017700000001/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.0.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.000.000.001/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://127.0.0.1./mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001./mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]/mcp", "::1 is the loopback address")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/mcp", "::1 is the loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/mcp", "::ffff:127.0.0.1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address")]
    [InlineData("http://[::ffff:7f00:1]/mcp", "::ffff:127.0.0.1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://2852039166/latest/meta-data/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://0xa9fea9fe/latest/meta-data/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254 is an IPv4-mapped IPv6 address of 169.254.169.254, a cloud metadata address")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe is a NAT64 address (RFC 6052) of 169.254.169.254, a cloud metadata address")]
    [InlineData("http://[fe80::1%25eth0]/mcp", "fe80::1 is a link-local address")]
    [InlineData("http://10.0.0.5/mcp", "10.0.0.5 is a private (RFC 1918) address")]
    [InlineData("https://192.168.1.10:8443/mcp", "192.168.1.10 is a private (RFC 1918) address")]
    [InlineData("http://0/mcp", "0.0.0.0 is an unspecified ('this network', RFC 1122) address")]
    [InlineData("http://0.0.0.0:4444/mcp", "0.0.0.0 is an unspecified ('this network', RFC 1122) address")]
    [InlineData("http://[::]/mcp", ":: is the unspecified address")]
    [InlineData("http://224.0.0.1/mcp", "224.0.0.1 is a multicast address")]
    [InlineData("http://255.255.255.255/mcp", "255.255.255.255 is the broadcast address")]
    [InlineData("http://[fd00::1]/mcp", "fd00::1 is a unique local (RFC 4193) address")]
    [InlineData("http://localhost:4444/admin/upstreams", "localhost is a loopback name (RFC 6761)")]
    [InlineData("http://LocalHost./mcp", "localhost is a loopback name (RFC 6761)")]
    [InlineData("http://mcp.localhost/mcp", "mcp.localhost is a loopback name (RFC 6761)")]
    public void CheckUrl_InternalAddressInAnySpelling_IsRefusedNamingTheRule(string url, string reason)
    {
        var refused = Guard().CheckUrl(new Uri(url));

        Assert.Equal($"{reason}; allow it with Gateway:Network:AllowedUpstreamHosts or AllowedUpstreamNetworks", refused);
    }

    /// <summary>
    /// Full-width digits: with ICU, IDNA maps them to ASCII and the URL check sees 127.0.0.1; in
    /// invariant globalization (the gateway's build) the host becomes a punycode name, which no
    /// resolver reads as digits and which the connect-time check judges by what it resolves to.
    /// </summary>
    [Theory]
    [InlineData("http://２１３０７０６４３３/mcp")]
    [InlineData("http://１２７。０。０。１/mcp")]
    [InlineData("http://１２７.0.0.1/mcp")]
    public void CheckUrl_FullWidthDigits_AreRefusedOrBecomeAName(string url)
    {
        var uri = new Uri(url);

        var refused = Guard().CheckUrl(uri);

        Assert.True(
            refused?.StartsWith("127.0.0.1 is a loopback address;", StringComparison.Ordinal) == true
            || uri.IdnHost.Split('.').Any(label => label.StartsWith("xn--", StringComparison.Ordinal)),
            $"{url}: refused '{refused}', host sent to the resolver '{uri.IdnHost}'");
    }

    [Theory]
    [InlineData("http://93.184.216.34/mcp")]
    [InlineData("https://8.8.8.8/mcp")]
    [InlineData("http://[2606:4700:4700::1111]/mcp")]
    [InlineData("http://[::ffff:8.8.8.8]/mcp")]
    [InlineData("https://mcp.example.com/mcp")]
    [InlineData("http://internal.test/mcp")]
    [InlineData("http://127.0.0.1.nip.io/mcp")]
    [InlineData("http://1.1.1.1.1/mcp")]
    public void CheckUrl_PublicAddressOrName_Passes(string url) =>
        Assert.Null(Guard().CheckUrl(new Uri(url)));

    [Theory]
    [InlineData("http://loop.test:8080/mcp", "loop.test")]
    [InlineData("http://LOOP.test./mcp", "loop.test")]
    [InlineData("http://loop.test/mcp", "Loop.Test.")]
    [InlineData("http://127.0.0.1:9000/mcp", "127.0.0.1")]
    [InlineData("http://0x7f000001/mcp", "127.0.0.1")]
    [InlineData("http://127.0.0.1/mcp", "127.1")]
    [InlineData("http://[::ffff:127.0.0.1]/mcp", "127.0.0.1")]
    [InlineData("http://[::1]/mcp", "[::1]")]
    [InlineData("http://[::1]/mcp", "::1")]
    [InlineData("http://localhost:4444/mcp", "localhost")]
    public void CheckUrl_HostTheOperatorAllowed_Passes(string url, string allowed) =>
        Assert.Null(Guard(hosts: [allowed]).CheckUrl(new Uri(url)));

    [Theory]
    [InlineData("http://10.20.3.4/mcp", "10.20.0.0/16")]
    [InlineData("http://[::ffff:10.20.3.4]/mcp", "10.20.0.0/16")]
    [InlineData("http://127.0.0.2/mcp", "127.0.0.2/32")]
    [InlineData("http://[fd00:1::5]/mcp", "fd00:1::/64")]
    public void CheckUrl_AddressInANetworkTheOperatorAllowed_Passes(string url, string network) =>
        Assert.Null(Guard(networks: [network]).CheckUrl(new Uri(url)));

    [Theory]
    [InlineData("http://10.21.0.1/mcp", "10.21.0.1 is a private (RFC 1918) address")]
    [InlineData("http://127.0.0.1/mcp", "127.0.0.1 is a loopback address")]
    [InlineData("http://[fd00:2::5]/mcp", "fd00:2::5 is a unique local (RFC 4193) address")]
    public void CheckUrl_AllowlistsLetOnlyWhatTheyName(string url, string reason)
    {
        var guard = Guard(hosts: ["loop.test", "127.0.0.2"], networks: ["10.20.0.0/16", "fd00:1::/64"]);

        Assert.StartsWith(reason + ";", guard.CheckUrl(new Uri(url)));
    }

    [Fact]
    public void Judge_AllowedNetworkCoversTheAddressAnIPv6AddressCarries()
    {
        var guard = Guard(networks: ["169.254.169.254/32"]);

        Assert.Null(guard.Judge(IPAddress.Parse("64:ff9b::a9fe:a9fe")));
        Assert.NotNull(guard.Judge(IPAddress.Parse("169.254.169.253")));
    }

    [Theory]
    [InlineData("loop.test", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("http://loop.test", false)]
    [InlineData("loop.test:8080", false)]
    [InlineData("loop.test/mcp", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("", false)]
    [InlineData("two words", false)]
    public void TryParseHost_AcceptsAHostAloneOnly(string entry, bool valid) =>
        Assert.Equal(valid, UpstreamAllowlist.TryParseHost(entry, out _, out _));

    private static OutboundAddressGuard Guard(string[]? hosts = null, string[]? networks = null) => new(
        Options.Create(new NetworkOptions { AllowedUpstreamHosts = [.. hosts ?? []], AllowedUpstreamNetworks = [.. networks ?? []] }),
        NullLogger<OutboundAddressGuard>.Instance);
}
