namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A silo fronting two real test upstreams: "alpha" over Streamable HTTP (its own process) and
/// "beta" over stdio (a child process of the gateway). Shared by tests that do not change it.
/// </summary>
public sealed class TwoUpstreamsFixture : IAsyncLifetime
{
    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        Gateway = await GatewayInstance.StartAsync(GatewayInstance.Config(
            GatewayInstance.HttpUpstream("alpha", Alpha.Url),
            GatewayInstance.StdioUpstream("beta")));
        await Gateway.WaitForUpstreamsAsync("alpha", "beta");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Alpha.DisposeAsync();
    }
}
