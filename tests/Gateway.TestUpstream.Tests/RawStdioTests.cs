using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gateway.TestUpstream.Tests;

/// <summary>Wire-level checks over stdio for what the SDK client cannot express.</summary>
public sealed class RawStdioTests
{
    private const string Meta2026 =
        """{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"},"io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/logLevel":"warning"}""";

    [Fact]
    public async Task Log_Under2026RevisionWithMetaLogLevel_FiltersByThatLevel()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [UpstreamProcess.DllPath, "stdio"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await process.StandardInput.WriteLineAsync(LogCall(1, "info", "quiet"));
        var quiet = await ReadMessageAsync(process, timeout.Token);
        await process.StandardInput.WriteLineAsync(LogCall(2, "error", "loud"));
        var first = await ReadMessageAsync(process, timeout.Token);
        var second = await ReadMessageAsync(process, timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);

        Assert.StartsWith("suppressed", (string?)quiet["result"]!["content"]![0]!["text"]);
        Assert.Equal("notifications/message", (string?)first["method"]);
        Assert.Equal("loud", (string?)first["params"]!["data"]);
        Assert.Equal("logged", (string?)second["result"]!["content"]![0]!["text"]);
        Assert.Equal(0, process.ExitCode);
    }

    private static string LogCall(int id, string level, string message) =>
        $$$"""{"jsonrpc":"2.0","id":{{{id}}},"method":"tools/call","params":{"name":"log","arguments":{"level":"{{{level}}}","message":"{{{message}}}"},"_meta":{{{Meta2026}}}}}""";

    private static async Task<JsonNode> ReadMessageAsync(Process process, CancellationToken cancellationToken) =>
        JsonNode.Parse(await process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("stdout closed"))!;
}
