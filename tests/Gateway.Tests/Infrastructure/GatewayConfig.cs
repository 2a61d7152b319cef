using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// "Gateway" config sections for the tests' silos, in the shape users write them: shared by the
/// silos hosted in the test process and the silo executables started as processes.
/// </summary>
public static class GatewayConfig
{
    public static JsonObject HttpUpstream(string name, string url) =>
        new() { ["Name"] = name, ["Transport"] = "http", ["Url"] = url };

    public static JsonObject StdioUpstream(string name, params string[] extraArgs)
    {
        var (command, args) = TestUpstreamProcess.StdioCommand(name, extraArgs);
        return new JsonObject { ["Name"] = name, ["Transport"] = "stdio", ["Command"] = command, ["Args"] = new JsonArray(args.Select(a => (JsonNode)a!).ToArray()) };
    }

    /// <summary>An entry of Auth:ApiKeys: a key written in the config file, with its roles.</summary>
    public static JsonObject ApiKey(string name, string key, params string[] roles) =>
        new() { ["Name"] = name, ["Key"] = key, ["Roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r!)]) };

    /// <summary>An entry of Auth:ApiKeys for a key of one tenant.</summary>
    public static JsonObject TenantApiKey(string name, string key, string? tenant, params string[] roles)
    {
        var entry = ApiKey(name, key, roles);
        entry["Tenant"] = tenant;
        return entry;
    }

    public static JsonObject Config(params JsonObject[] upstreams) =>
        new() { ["Upstreams"] = new JsonArray(upstreams.Cast<JsonNode>().ToArray()) };
}
