using Gateway.Cli.Admin;
using Gateway.Cli.Rendering;

namespace Gateway.Cli.Tests.Rendering;

public sealed class UpstreamTableTests
{
    [Fact]
    public void Target_HttpUpstream_IsItsUrl() =>
        Assert.Equal("http://h/mcp", UpstreamTable.Target(new UpstreamInfo { Transport = "http", Url = "http://h/mcp" }));

    [Fact]
    public void Target_StdioUpstream_IsCommandLineWithQuotedArguments() =>
        Assert.Equal(
            "npx -y \"my server\" \"say \\\"hi\\\"\"",
            UpstreamTable.Target(new UpstreamInfo { Transport = "stdio", Command = "npx", Args = ["-y", "my server", "say \"hi\""] }));
}
