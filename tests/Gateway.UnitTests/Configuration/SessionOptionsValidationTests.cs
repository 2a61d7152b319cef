using Gateway.Silo.Configuration;

namespace Gateway.UnitTests.Configuration;

/// <summary>Gateway:Sessions is checked at start, each bad setting named with its value, all of them at once.</summary>
public sealed class SessionOptionsValidationTests
{
    [Fact]
    public void Defaults_Pass() =>
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);

    [Fact]
    public void IdleTimeoutBelowASecond_AndNoSessionsAllowed_AreBothNamed()
    {
        var options = new GatewayOptions();
        options.Sessions.IdleTimeout = TimeSpan.FromMilliseconds(500);
        options.Sessions.MaxPerPrincipal = 0;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Sessions:IdleTimeout: 00:00:00.5000000", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Sessions:MaxPerPrincipal: 0", StringComparison.Ordinal));
    }

    [Fact]
    public void IdleTimeoutBeyondWhatATimerWaits_IsRefused()
    {
        var options = new GatewayOptions();
        options.Sessions.IdleTimeout = TimeSpan.FromDays(60);

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("Gateway:Sessions:IdleTimeout", StringComparison.Ordinal) && f.Contains("30.00:00:00", StringComparison.Ordinal));
    }
}
