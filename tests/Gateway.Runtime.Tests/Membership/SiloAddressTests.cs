using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Tests.Membership;

public sealed class SiloAddressTests
{
    [Theory]
    [InlineData("10.0.0.1", 11111, 638700000000000000L, "10.0.0.1:11111:638700000000000000")]
    [InlineData("silo-1.cluster.local", 1, 0L, "silo-1.cluster.local:1:0")]
    [InlineData("fd00::1", 65535, 7L, "[fd00::1]:65535:7")]
    public void ToString_WritesHostPortGeneration_AndParseReadsItBack(string host, int port, long generation, string text)
    {
        var address = new SiloAddress(host, port, generation);

        Assert.Equal(text, address.ToString());
        Assert.Equal(address, SiloAddress.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1:11111")]
    [InlineData(":11111:1")]
    [InlineData("10.0.0.1:0:1")]
    [InlineData("10.0.0.1:70000:1")]
    [InlineData("10.0.0.1:11111:-1")]
    [InlineData("10.0.0.1:+1:1")]
    [InlineData("10.0.0.1:11111:x")]
    public void TryParse_RefusesWhatIsNotASiloAddress(string? text)
    {
        Assert.False(SiloAddress.TryParse(text, out _));
    }

    [Fact]
    public void Generations_TellIncarnationsOfOneEndpointApart()
    {
        var first = new SiloAddress("10.0.0.1", 11111, 1);
        var second = first with { Generation = 2 };

        Assert.NotEqual(first, second);
        Assert.True(first.IsSameEndpoint(second));
        Assert.False(first.IsSameEndpoint(first with { SiloPort = 11112 }));
        Assert.True(first.CompareTo(second) < 0);
    }
}
