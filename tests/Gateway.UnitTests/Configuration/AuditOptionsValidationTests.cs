using Gateway.Silo.Configuration;

namespace Gateway.UnitTests.Configuration;

/// <summary>Gateway:Audit is checked at start with the rest, each bad setting named with its value.</summary>
public sealed class AuditOptionsValidationTests
{
    [Fact]
    public void Defaults_AuditToAuditUnderTheDataDirectory()
    {
        var options = new GatewayOptions { DataDirectory = "/var/lib/gateway" };

        Assert.True(options.Audit.Enabled);
        Assert.Equal(30, options.Audit.RetainedFiles);
        Assert.Equal("/var/lib/gateway/audit", options.Audit.DirectoryUnder(options.DataDirectory));
        Assert.True(new GatewayOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void NoRetainedFiles_AndABlankDirectory_AreBothNamed()
    {
        var options = new GatewayOptions();
        options.Audit.RetainedFiles = 0;
        options.Audit.Directory = " ";

        var result = new GatewayOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Audit:RetainedFiles: 0 must be between 1 and 3650", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Gateway:Audit:Directory: ' ' is not a directory path", StringComparison.Ordinal));
    }
}
