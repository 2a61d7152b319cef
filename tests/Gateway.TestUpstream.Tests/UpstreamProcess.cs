using System.Diagnostics;
using System.Reflection;
using ModelContextProtocol.Client;

namespace Gateway.TestUpstream.Tests;

/// <summary>
/// Starts the test upstream the way gateway tests do: as a real process. In stdio mode the SDK's
/// <see cref="StdioClientTransport"/> owns the process (one per client); in HTTP mode this class
/// starts it and reads the LISTENING line to learn the port.
/// </summary>
public sealed class UpstreamProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly string[] _args;
    private readonly Process? _httpProcess;

    private UpstreamProcess(string mode, string[] args, Process? httpProcess, Uri? endpoint)
    {
        Mode = mode;
        _args = args;
        _httpProcess = httpProcess;
        Endpoint = endpoint;
    }

    public string Mode { get; }

    public Uri? Endpoint { get; }

    public Process? HttpProcess => _httpProcess;

    public static string DllPath { get; } =
        typeof(UpstreamProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestUpstreamPath").Value!;

    public static async Task<UpstreamProcess> StartAsync(string mode, params string[] args)
    {
        if (mode == "stdio")
        {
            return new UpstreamProcess(mode, args, null, null);
        }

        var startInfo = new ProcessStartInfo("dotnet", [DllPath, "http", "--port", "0", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(startInfo)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(s_startTimeout);
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("test upstream exited before listening");
        Assert.StartsWith("LISTENING http://127.0.0.1:", line);
        return new UpstreamProcess(mode, args, process, new Uri(line["LISTENING ".Length..]));
    }

    /// <summary>A new client, which means a new MCP session (and, for stdio, a new process).</summary>
    public Task<McpClient> ConnectAsync(McpClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        IClientTransport transport = Mode == "stdio"
            ? new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [DllPath, "stdio", .. _args],
                Name = "test-upstream",
            })
            : new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Endpoint!,
                TransportMode = HttpTransportMode.StreamableHttp,
            });

        return McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_httpProcess is { HasExited: false })
        {
            _httpProcess.Kill(entireProcessTree: true);
            await _httpProcess.WaitForExitAsync();
        }

        _httpProcess?.Dispose();
    }
}
