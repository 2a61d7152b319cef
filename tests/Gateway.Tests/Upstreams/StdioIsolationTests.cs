using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Mcp;
using Gateway.Upstreams.Transports;

namespace Gateway.Tests.Upstreams;

/// <summary>
/// What a client can reach through a stdio upstream: the child's environment holds what programs
/// need and what its definition declares, none of the gateway's secrets; and a tool's arguments
/// travel as data, so shell syntax in them runs nothing.
/// </summary>
public sealed class StdioIsolationTests(IsolatedStdioFixture fixture) : IClassFixture<IsolatedStdioFixture>
{
    private const string Env = IsolatedStdioFixture.Upstream + "__env";
    private const string Echo = IsolatedStdioFixture.Upstream + "__echo";
    private const string Pid = IsolatedStdioFixture.Upstream + "__pid";

    [Fact]
    public async Task AStdioChild_SeesPathAndItsDeclaredEnv_AndNoneOfTheGatewaysVariables()
    {
        await using var client = await fixture.Gateway.ConnectAsync();

        var text = MergedEndpointTests.Text(await client.CallToolAsync(Env));
        var environment = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), (string?)environment["PATH"]);
        Assert.Equal("declared-value", (string?)environment["DECLARED_SETTING"]);
        Assert.Equal(fixture.ReferencedValue, (string?)environment["FROM_REFERENCE"]);
        Assert.DoesNotContain(fixture.SecretValue, text);
        Assert.DoesNotContain(fixture.GatewaySettingValue, text);
        Assert.DoesNotContain(environment, v => v.Key == IsolatedStdioFixture.Referenced);
        Assert.DoesNotContain(environment, v => v.Key.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase)
            || v.Key.StartsWith("DOTNET_", StringComparison.Ordinal) || v.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal));
        Assert.All(environment, v => Assert.True(
            ChildEnvironment.Inherited.Contains(v.Key) || v.Key is "DECLARED_SETTING" or "FROM_REFERENCE", $"the child was given {v.Key}"));

        // The process, and another session's, still serve.
        Assert.Equal("after", MergedEndpointTests.Text(await client.CallToolAsync(Echo, new Dictionary<string, object?> { ["message"] = "after" })));
        await using var other = await fixture.Gateway.ConnectAsync();
        var probe = MergedEndpointTests.Text(await other.CallToolAsync(Env, new Dictionary<string, object?> { ["name"] = IsolatedStdioFixture.GatewaySetting }));
        Assert.Equal("null", probe);
    }

    [Fact]
    public async Task ShellSyntaxInAToolArgument_IsEchoedVerbatim_AndRunsNothing()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"gateway-injected-{Guid.NewGuid():N}");
        string[] payloads =
        [
            $"; touch {marker}",
            $"$(touch {marker})",
            $"`touch {marker}`",
            $"| touch {marker}",
            $"&& touch {marker}",
            $"x\ntouch {marker}\n",
            $"'; touch {marker}; echo '",
            $"\"; touch {marker}; echo \"",
        ];
        await using var client = await fixture.Gateway.ConnectAsync();
        var pid = MergedEndpointTests.Text(await client.CallToolAsync(Pid));

        foreach (var payload in payloads)
        {
            var echoed = MergedEndpointTests.Text(await client.CallToolAsync(Echo, new Dictionary<string, object?> { ["message"] = payload }));
            Assert.Equal(payload, echoed);
        }

        Assert.False(File.Exists(marker), $"{marker} was created: a tool argument reached a shell");
        Assert.Equal(pid, MergedEndpointTests.Text(await client.CallToolAsync(Pid)));
        await using var other = await fixture.Gateway.ConnectAsync();
        Assert.Equal("other", MergedEndpointTests.Text(await other.CallToolAsync(Echo, new Dictionary<string, object?> { ["message"] = "other" })));
    }
}
