namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A silo fronting two real test upstreams: "alpha" over Streamable HTTP (its own process) and
/// "beta" over stdio (a child process of the gateway). xunit makes one per test class, so a class
/// whose tests stop or change the upstreams affects no other class.
/// </summary>
public sealed class TwoUpstreamsFixture : IAsyncLifetime
{
    public TestUpstreamProcess Alpha { get; private set; } = null!;

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha");
        var config = GatewayConfig.Config(GatewayConfig.HttpUpstream("alpha", Alpha.Url), GatewayConfig.StdioUpstream("beta"));

        // The CLI's tests add a stdio upstream through the admin API, which the operator allows here.
        config["Admin"] = new System.Text.Json.Nodes.JsonObject { ["AllowStdioUpstreams"] = true };
        Gateway = await GatewayInstance.StartAsync(config);
        await Gateway.WaitForUpstreamsAsync("alpha", "beta");
    }

    /// <summary>Starts alpha again on the port it had, after a test stopped it.</summary>
    public async Task RestartAlphaAsync(int port)
    {
        await Alpha.DisposeAsync();
        Alpha = await TestUpstreamProcess.StartHttpAsync("alpha", port);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Alpha.DisposeAsync();
    }
}
