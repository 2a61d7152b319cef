using Gateway.Upstreams.Transports;

namespace Gateway.UnitTests.Upstreams.Transports;

/// <summary>What a stdio child's environment holds of the gateway's: the allowlist, and its declared Env on top.</summary>
public sealed class ChildEnvironmentTests
{
    /// <summary>What a gateway in a container typically has besides the allowlist.</summary>
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["Gateway__Storage__ConnectionString"] = "Host=db;Password=hunter2",
        ["Gateway__Auth__ApiKeys__0__Key"] = "client-key",
        ["DOTNET_ROOT"] = "/usr/share/dotnet",
        ["ASPNETCORE_URLS"] = "http://+:4444",
        ["OPENAI_API_KEY"] = "sk-other-upstream",
        ["TERM"] = "xterm",
    };

    [Fact]
    public void Create_PassesTheAllowlistedVariablesAndTheDeclaredOnes_AndNothingElse()
    {
        var gateway = GatewayWith(ChildEnvironment.Inherited.ToDictionary(n => n, n => $"gateway-{n}"));

        var environment = ChildEnvironment.Create(new Dictionary<string, string> { ["API_KEY"] = "declared" }, gateway);

        Assert.Equal(ChildEnvironment.Inherited.Append("API_KEY").Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gateway-PATH", environment["PATH"]);
        Assert.Equal("declared", environment["API_KEY"]);
        Assert.DoesNotContain(environment.Values, v => Secrets.ContainsValue(v!));
    }

    [Fact]
    public void Create_ADeclaredVariable_ReplacesTheGatewaysOfTheSameName()
    {
        var gateway = GatewayWith(new Dictionary<string, string> { ["PATH"] = "/usr/bin" });

        var environment = ChildEnvironment.Create(new Dictionary<string, string> { ["PATH"] = "/opt/tool/bin" }, gateway);

        Assert.Equal("/opt/tool/bin", environment["PATH"]);
    }

    [Fact]
    public void Create_LeavesOutAllowlistedVariablesTheGatewayDoesNotHave()
    {
        var gateway = GatewayWith(new Dictionary<string, string> { ["PATH"] = "/usr/bin" });

        var environment = ChildEnvironment.Create(new Dictionary<string, string>(), gateway);

        Assert.Equal(["PATH"], environment.Keys);
    }

    /// <summary>The gateway's environment: the given variables plus <see cref="Secrets"/>.</summary>
    private static Func<string, string?> GatewayWith(Dictionary<string, string> variables) =>
        name => variables.TryGetValue(name, out var value) ? value : Secrets.GetValueOrDefault(name);
}
