using Gateway.Silo.Configuration;

namespace Gateway.UnitTests.Configuration;

/// <summary>Gateway:Http's WebSocket settings are checked at start, each bad one named with its value, all of them at once.</summary>
public sealed class HttpOptionsValidationTests
{
    [Fact]
    public void NoKeepAlive_NoKeepAliveTimeout_AndNoRequestsInFlight_AreEachNamed()
    {
        var options = new GatewayOptions();
        options.Http.KeepAliveInterval = TimeSpan.Zero;
        options.Http.WebSocketKeepAliveTimeout = TimeSpan.FromSeconds(-1);
        options.Http.WebSocketMaxRequestsInFlight = 0;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Http:KeepAliveInterval: 00:00:00 must be positive", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Http:WebSocketKeepAliveTimeout: -00:00:01 must be positive", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Http:WebSocketMaxRequestsInFlight: 0 must be at least 1", StringComparison.Ordinal));
    }
}
