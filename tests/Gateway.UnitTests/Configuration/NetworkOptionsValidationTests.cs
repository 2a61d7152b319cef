using Gateway.Silo.Configuration;
using Gateway.Upstreams.Network;

namespace Gateway.UnitTests.Configuration;

/// <summary>Gateway:Network is checked at start: each bad entry is named with its index and value.</summary>
public sealed class NetworkOptionsValidationTests
{
    [Fact]
    public void Validate_GoodAllowlists_Pass()
    {
        var result = Validate(new NetworkOptions
        {
            AllowedUpstreamHosts = ["loop.test", "mcp.internal.example.", "127.0.0.1", "[::1]"],
            AllowedUpstreamNetworks = ["10.20.0.0/16", "127.0.0.2/32", "fd00:1::/64"],
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_BadEntries_AreEachNamed()
    {
        var result = Validate(new NetworkOptions
        {
            AllowedUpstreamHosts = ["loop.test", "http://loop.test:8080/mcp", ""],
            AllowedUpstreamNetworks = ["10.0.0.0/8", "10.0.0.1", "10.0.0.0/33", "internal"],
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Gateway:Network:AllowedUpstreamHosts:1: 'http://loop.test:8080/mcp' is not a host name or IP address", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Network:AllowedUpstreamHosts:2: '' is not a host name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Network:AllowedUpstreamNetworks:1: '10.0.0.1' is not a CIDR network", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Network:AllowedUpstreamNetworks:2: '10.0.0.0/33' is not a CIDR network", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Network:AllowedUpstreamNetworks:3: 'internal' is not a CIDR network", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(NetworkOptions network) =>
        new GatewayOptionsValidator().Validate(null, new GatewayOptions { Network = network });
}
