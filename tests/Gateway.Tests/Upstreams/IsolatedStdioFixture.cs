using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Upstreams;

/// <summary>
/// A silo in this test process whose environment holds secrets a stdio child must never see (one
/// plain, one of the gateway's own <c>Gateway__</c> kind), fronting the test upstream "iso" over
/// stdio with two declared variables: a value, and a reference to a third secret.
/// </summary>
public sealed class IsolatedStdioFixture : IAsyncLifetime
{
    public const string Upstream = "iso";
    public const string Secret = "STDIO_ISOLATION_SECRET";
    public const string GatewaySetting = "Gateway__IsolationProbe";
    public const string Referenced = "STDIO_ISOLATION_REFERENCED";

    /// <summary>Unique per run, so finding one in a child's environment cannot be a coincidence.</summary>
    public string SecretValue { get; } = "secret-" + Guid.NewGuid().ToString("N");

    public string GatewaySettingValue { get; } = "setting-" + Guid.NewGuid().ToString("N");

    public string ReferencedValue { get; } = "referenced-" + Guid.NewGuid().ToString("N");

    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The gateway runs in this process, so this is its environment. The binder ignores a
        // Gateway: key it does not know, so the probe changes no gateway's settings.
        Environment.SetEnvironmentVariable(Secret, SecretValue);
        Environment.SetEnvironmentVariable(GatewaySetting, GatewaySettingValue);
        Environment.SetEnvironmentVariable(Referenced, ReferencedValue);

        var upstream = GatewayConfig.StdioUpstream(Upstream);
        upstream["Env"] = new JsonObject { ["DECLARED_SETTING"] = "declared-value", ["FROM_REFERENCE"] = $"env://{Referenced}" };
        Gateway = await GatewayInstance.StartAsync(GatewayConfig.Config(upstream));
        await Gateway.WaitForUpstreamsAsync(Upstream);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Environment.SetEnvironmentVariable(Secret, null);
        Environment.SetEnvironmentVariable(GatewaySetting, null);
        Environment.SetEnvironmentVariable(Referenced, null);
    }
}
