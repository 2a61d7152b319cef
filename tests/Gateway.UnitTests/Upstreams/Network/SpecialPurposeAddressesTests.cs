using System.Net;
using Gateway.Upstreams.Network;

namespace Gateway.UnitTests.Upstreams.Network;

public sealed class SpecialPurposeAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.255.254", "a loopback address")]
    [InlineData("10.0.0.5", "a private (RFC 1918) address")]
    [InlineData("172.16.0.1", "a private (RFC 1918) address")]
    [InlineData("172.31.255.255", "a private (RFC 1918) address")]
    [InlineData("192.168.1.1", "a private (RFC 1918) address")]
    [InlineData("100.64.0.1", "a carrier-grade NAT (RFC 6598) address")]
    [InlineData("169.254.169.254", "a cloud metadata address")]
    [InlineData("100.100.100.200", "a cloud metadata address")]
    [InlineData("169.254.1.1", "a link-local address")]
    [InlineData("0.0.0.0", "an unspecified ('this network', RFC 1122) address")]
    [InlineData("0.1.2.3", "an unspecified ('this network', RFC 1122) address")]
    [InlineData("224.0.0.251", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("255.255.255.255", "the broadcast address")]
    [InlineData("240.0.0.1", "a reserved (RFC 1112) address")]
    [InlineData("192.0.2.1", "a documentation (RFC 5737) address")]
    [InlineData("198.18.0.1", "a benchmarking (RFC 2544) address")]
    [InlineData("::1", "the loopback address")]
    [InlineData("::", "the unspecified address")]
    [InlineData("fc00::1", "a unique local (RFC 4193) address")]
    [InlineData("fd12:3456::1", "a unique local (RFC 4193) address")]
    [InlineData("fd00:ec2::254", "a cloud metadata address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("fe80::1%2", "a link-local address")]
    [InlineData("fec0::1", "a site-local (RFC 3879) address")]
    [InlineData("ff02::fb", "a multicast address")]
    [InlineData("2001:db8::1", "a documentation (RFC 3849) address")]
    [InlineData("2001:0:4136:e378::1", "a Teredo (RFC 4380) address")]
    [InlineData("64:ff9b:1::a00:5", "a local-use NAT64 (RFC 8215) address")]
    public void Classify_SpecialPurposeAddress_NamesItsRule(string address, string rule)
    {
        var refusal = SpecialPurposeAddresses.Classify(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Equal(rule, refusal.Rule);
        Assert.Null(refusal.Embedded);
        Assert.StartsWith(IPAddress.Parse(address).ToString() + " is " + rule, refusal.Reason);
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", "an IPv4-mapped IPv6 address", "a loopback address")]
    [InlineData("::ffff:169.254.169.254", "169.254.169.254", "an IPv4-mapped IPv6 address", "a cloud metadata address")]
    [InlineData("::ffff:a00:5", "10.0.0.5", "an IPv4-mapped IPv6 address", "a private (RFC 1918) address")]
    [InlineData("::127.0.0.1", "127.0.0.1", "an IPv4-compatible IPv6 address (RFC 4291)", "a loopback address")]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254", "a NAT64 address (RFC 6052)", "a cloud metadata address")]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1", "a NAT64 address (RFC 6052)", "a loopback address")]
    [InlineData("2002:c0a8:101::1", "192.168.1.1", "a 6to4 address (RFC 3056)", "a private (RFC 1918) address")]
    [InlineData("2002:7f00:1::", "127.0.0.1", "a 6to4 address (RFC 3056)", "a loopback address")]
    public void Classify_IPv6CarryingAnInternalIPv4_IsJudgedByThatIPv4(string address, string embedded, string embedding, string rule)
    {
        var refusal = SpecialPurposeAddresses.Classify(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Equal(rule, refusal.Rule);
        Assert.Equal(IPAddress.Parse(embedded), refusal.Embedded);
        Assert.Equal($"{IPAddress.Parse(address)} is {embedding} of {embedded}, {rule}", refusal.Reason);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Classify_PublicAddress_IsAllowed(string address) =>
        Assert.Null(SpecialPurposeAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5")]
    [InlineData("64:ff9b::808:808", "8.8.8.8")]
    [InlineData("2002:c0a8:101::1", "192.168.1.1")]
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("::1", null)]
    [InlineData("10.0.0.5", null)]
    public void EmbeddedIPv4_FindsTheIPv4AnIPv6AddressCarries(string address, string? embedded) =>
        Assert.Equal(embedded is null ? null : IPAddress.Parse(embedded), SpecialPurposeAddresses.EmbeddedIPv4(IPAddress.Parse(address)));
}
