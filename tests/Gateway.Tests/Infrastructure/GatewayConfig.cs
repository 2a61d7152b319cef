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

    public static JsonObject Config(params JsonObject[] upstreams) =>
        new() { ["Upstreams"] = new JsonArray(upstreams.Cast<JsonNode>().ToArray()) };
}
