using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace Gateway.Cli.Tests.Infrastructure;

/// <summary>
/// The built CLI run as <c>gateway connect</c>, the way Claude Desktop runs it: a child process that speaks
/// MCP on stdin/stdout, driven by the SDK's stdio client or by hand.
/// </summary>
public static class ConnectBridge
{
    public const string KeyVariable = "CONNECT_TEST_API_KEY";

    public static string CliDll { get; } = Built(Path.Combine(Paths.RepositoryRoot, "src", "Gateway.Cli", "bin", Paths.Configuration, "net10.0", "gateway.dll"));

    /// <summary>The SDK's McpClient over a stdio transport whose server is <c>gateway connect URL ARGS</c>.</summary>
    public static async Task<McpClient> ConnectAsync(string url, IReadOnlyList<string> args, ConcurrentQueue<string>? stderr = null, string? keyFromEnvironment = null)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [CliDll, "connect", url, .. args],
            Name = "gateway-connect",
            EnvironmentVariables = new Dictionary<string, string?> { [KeyVariable] = keyFromEnvironment },
            StandardErrorLines = line => stderr?.Enqueue(line),
        });
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            ClientInfo = new() { Name = "stdio-client", Version = "1.0" },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await McpClient.CreateAsync(transport, options, cancellationToken: timeout.Token);
    }

    /// <summary><c>gateway connect URL ARGS</c> with stdin and stdout in the test's hands.</summary>
    public static Process Start(string url, IReadOnlyList<string> args, string? keyFromEnvironment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliDll, "connect", url }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment[KeyVariable] = keyFromEnvironment;
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static string Built(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build Gateway.sln in {Paths.Configuration} first", path);
}
