using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

/// <summary>The command line of <c>gateway connect</c>: mistakes are usage errors that never echo a secret.</summary>
public sealed class ConnectCommandTests
{
    [Fact]
    public async Task HeaderWithoutAColon_IsAUsageError_ThatDoesNotShowTheValue()
    {
        var run = await CliRunner.RunAsync("connect", ClosedPort.Url() + "/mcp", "--header", "X-Token=hunter2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--header #1 must look like \"Name: value\"", run.Error);
        Assert.DoesNotContain("hunter2", run.Error);
    }

    [Theory]
    [InlineData("Mcp-Session-Id: abc")]
    [InlineData("mcp-protocol-version: 2025-06-18")]
    public async Task HeaderTheBridgeSetsItself_IsAUsageError(string header)
    {
        var run = await CliRunner.RunAsync("connect", ClosedPort.Url() + "/mcp", "--header", header);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the bridge sets this header itself", run.Error);
    }

    [Fact]
    public async Task AuthorizationHeaderBesideAnApiKey_IsAUsageError()
    {
        var run = await CliRunner.RunWithStdinAsync("", "connect", ClosedPort.Url() + "/mcp", "--api-key", "k", "--header", "Authorization: Basic c2VjcmV0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--header Authorization and an API key", run.Error);
        Assert.DoesNotContain("c2VjcmV0", run.Error);
    }

    [Fact]
    public async Task ApiKeyEnvNamingAnUnsetVariable_IsAUsageErrorNamingIt()
    {
        var run = await CliRunner.RunWithStdinAsync("", "connect", ClosedPort.Url() + "/mcp", "--api-key-env", "NO_SUCH_KEY_VARIABLE");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NO_SUCH_KEY_VARIABLE is not set", run.Error);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("2025-11-25\nX")]
    public async Task ProtocolVersionThatIsNotARevision_IsAUsageError(string version)
    {
        var run = await CliRunner.RunAsync("connect", ClosedPort.Url() + "/mcp", "--protocol-version", version);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a protocol revision", run.Error);
    }

    [Fact]
    public async Task UrlThatIsNotHttp_IsAUsageError()
    {
        var run = await CliRunner.RunAsync("connect", "ftp://127.0.0.1/mcp");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not an absolute http:// or https:// URL", run.Error);
    }
}
