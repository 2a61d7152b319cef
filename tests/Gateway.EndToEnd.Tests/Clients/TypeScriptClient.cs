using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;

namespace Gateway.EndToEnd.Tests.Clients;

/// <summary>
/// The official TypeScript MCP SDK client, driven by tests/e2e-node/client.mjs under node. Its
/// npm dependencies are installed once per test run, the first time a test needs them.
/// </summary>
public static class TypeScriptClient
{
    private static readonly Lazy<Task> Installed = new(InstallAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ProjectDirectory { get; } = Path.Combine(Paths.RepositoryRoot, "tests", "e2e-node");

    /// <summary>
    /// Connects to <paramref name="url"/>, lists tools and calls one; the script prints {tools, result}.
    /// <paramref name="transport"/> is <c>streamable-http</c>, <c>sse</c> (the SDK's SSEClientTransport)
    /// or <c>websocket</c> (its WebSocketClientTransport).
    /// </summary>
    public static async Task<CommandResult> CallToolAsync(string url, string tool, string argumentsJson, string transport = "streamable-http")
    {
        await Installed.Value;
        return await ExternalCommand.RunAsync("node", ["client.mjs", url, tool, argumentsJson, transport], ProjectDirectory, TimeSpan.FromSeconds(60));
    }

    private static async Task InstallAsync()
    {
        // Every package of package.json, so that a node_modules from before one was added is installed again.
        if (File.Exists(Path.Combine(ProjectDirectory, "node_modules", "@modelcontextprotocol", "sdk", "package.json"))
            && File.Exists(Path.Combine(ProjectDirectory, "node_modules", "ws", "package.json")))
        {
            return;
        }

        // npm ci installs exactly what package-lock.json pins; install is the fallback without one.
        string[] args = File.Exists(Path.Combine(ProjectDirectory, "package-lock.json"))
            ? ["ci", "--no-audit", "--no-fund"]
            : ["install", "--no-audit", "--no-fund"];
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var result = await ExternalCommand.RunAsync(npm, args, ProjectDirectory, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Installing the TypeScript SDK in {ProjectDirectory} failed: {result}");
        }
    }
}
