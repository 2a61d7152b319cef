using System.Diagnostics;

namespace Gateway.Tests.Infrastructure;

/// <summary>The test upstream MCP server running as a real process in HTTP mode.</summary>
public sealed class TestUpstreamProcess : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;

    private TestUpstreamProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The upstream's MCP endpoint, e.g. http://127.0.0.1:40123/mcp.</summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    public bool HasExited => _process.HasExited;

    public static async Task<TestUpstreamProcess> StartHttpAsync(string name, int port = 0, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Paths.TestUpstreamDll, "http", "--port", port.ToString(), "--name", name }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"test upstream '{name}' exited before listening (exit code {SafeExitCode(process)})");
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                _ = DrainAsync(process);
                return new TestUpstreamProcess(process, line["LISTENING ".Length..].Trim());
            }
        }
    }

    /// <summary>The command line that runs the test upstream over stdio, for a gateway config.</summary>
    public static (string Command, string[] Args) StdioCommand(string name, params string[] extraArgs) =>
        ("dotnet", [Paths.TestUpstreamDll, "stdio", "--name", name, .. extraArgs]);

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        }
        catch (Exception)
        {
            // The process went away.
        }
    }

    private static string SafeExitCode(Process process) => process.HasExited ? process.ExitCode.ToString() : "running";
}
