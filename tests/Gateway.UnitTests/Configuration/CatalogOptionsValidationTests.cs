using Gateway.Silo.Configuration;

namespace Gateway.UnitTests.Configuration;

/// <summary>Gateway:Catalog:Pinning is on or off; anything else stops the start, naming the setting and its value.</summary>
public sealed class CatalogOptionsValidationTests
{
    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public void PinningOnOrOff_Passes(string pinning)
    {
        var options = new GatewayOptions();
        options.Catalog.Pinning = pinning;

        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("Off")]
    [InlineData("")]
    public void AnyOtherPinningMode_IsNamedWithItsValue(string pinning)
    {
        var options = new GatewayOptions();
        options.Catalog.Pinning = pinning;

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith($"Gateway:Catalog:Pinning: '{pinning}' is not a pinning mode: use on", StringComparison.Ordinal));
    }
}
