using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The silo executable as a real process, run the way users run it
/// (`dotnet Gateway.Silo.dll --config FILE`) on a free loopback port. What it writes is kept for
/// failure messages; disposing kills the whole process tree, stdio upstreams included.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly Process _process;
    private readonly ITestOutputHelper? _log;

    private SiloProcess(Process process, string baseUrl, string dataDirectory, ITestOutputHelper? log)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Output = new ProcessOutput(process);
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>Where clients reach the silo, e.g. http://127.0.0.1:40123 (loopback even when it binds 0.0.0.0).</summary>
    public string BaseUrl { get; }

    public string McpUrl => BaseUrl + "/mcp";

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public ProcessOutput Output { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Kills the silo without warning (SIGKILL on Linux: no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>
    /// Starts a silo from a "Gateway" section and waits until /health/ready answers 200. Urls and
    /// DataDirectory get test defaults unless the section sets them.
    /// </summary>
    /// <param name="extraArgs">More command-line arguments, such as <c>--Serilog:MinimumLevel:...</c> settings outside the Gateway section.</param>
    public static async Task<SiloProcess> StartAsync(
        JsonObject gateway, ITestOutputHelper? log = null, TimeSpan? readyTimeout = null, IEnumerable<string>? extraArgs = null)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var silo = Launch(gateway, log, extraArgs);
            try
            {
                await silo.WaitUntilReadyAsync(readyTimeout ?? DefaultReadyTimeout);
                return silo;
            }
            catch (InvalidOperationException) when (attempt < attempts && gateway["Urls"] is null && silo.LostItsPort())
            {
                // Another process took the picked port before the silo bound it: pick again.
                await silo.DisposeAsync();
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts a silo without waiting for it, for tests of a silo that must refuse to start.</summary>
    public static SiloProcess Launch(JsonObject gateway, ITestOutputHelper? log = null, IEnumerable<string>? extraArgs = null)
    {
        var dataDirectory = Paths.NewTempDirectory();
        var section = gateway.DeepClone().AsObject();
        section["Urls"] ??= $"http://127.0.0.1:{FreeTcpPort.Pick()}";
        section["DataDirectory"] ??= dataDirectory;
        var configFile = Path.Combine(dataDirectory, "gateway.json");
        File.WriteAllText(configFile, new JsonObject { ["Gateway"] = section }.ToJsonString(IndentedJson));

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Paths.SiloDll);
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(configFile);
        foreach (var arg in extraArgs ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        // The silo reads environment variables over its config file; the test's file must win.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start the silo");
        return new SiloProcess(process, ClientBaseUrl((string)section["Urls"]!), dataDirectory, log);
    }

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The silo did not exit within {timeout.TotalSeconds:0} s. {Describe()}");
        }

        await Output.DrainAsync(DrainTimeout);
        return _process.ExitCode;
    }

    public Task<McpClient> ConnectAsync(string? server = null) =>
        McpClients.ConnectAsync(server is null ? McpUrl : $"{BaseUrl}/servers/{server}/mcp");

    public async Task<JsonArray> GetUpstreamsAsync() =>
        await Http.GetFromJsonAsync<JsonArray>("/admin/upstreams") ?? [];

    /// <summary>Polls /admin/upstreams until the named upstream's view satisfies a condition; returns that view.</summary>
    public async Task<JsonObject> WaitForUpstreamAsync(string name, Func<JsonObject, bool> condition, string what, TimeSpan timeout)
    {
        try
        {
            var view = await Poll.UntilAsync(
                async () => (await GetUpstreamsAsync()).OfType<JsonObject>().FirstOrDefault(u => (string?)u["name"] == name),
                u => u is not null && condition(u),
                $"upstream '{name}' to be {what}",
                timeout);
            return view!;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}. {Describe()}", ex);
        }
    }

    /// <summary>Waits until the upstream is connected and its tools are in the catalog.</summary>
    public Task<JsonObject> WaitForConnectedAsync(string name, TimeSpan? timeout = null) =>
        WaitForUpstreamAsync(name, u => (string?)u["state"] == "connected" && (int?)u["toolCount"] > 0, "connected", timeout ?? DefaultReadyTimeout);

    /// <summary>The state of the process and its latest output, for assertion messages.</summary>
    public string Describe() =>
        $"Silo at {BaseUrl} ({(_process.HasExited ? $"exited with code {_process.ExitCode}" : "running")}); its latest output:\n{Output.Tail()}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await Output.DrainAsync(DrainTimeout);
        WriteToTestLog();
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the OS to clean: it is under the temp directory.
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(async () => _process.HasExited || await IsReadyAsync(), "/health/ready to answer 200", timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The silo was not ready within {timeout.TotalSeconds:0} s ({ex.Message}). {Describe()}", ex);
        }

        if (_process.HasExited)
        {
            await Output.DrainAsync(DrainTimeout);
            throw new InvalidOperationException($"The silo exited before it was ready. {Describe()}");
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        using var response = await Http.GetAsync("/health/ready");
        return response.IsSuccessStatusCode;
    }

    private bool LostItsPort() =>
        _process.HasExited && Output.Text.Contains("already in use", StringComparison.OrdinalIgnoreCase);

    private void WriteToTestLog()
    {
        try
        {
            _log?.WriteLine($"--- silo {BaseUrl} output ---\n{Output.Text}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more (a fixture outlived it).
        }
    }

    /// <summary>Kestrel's wildcard hosts are not addresses a client can dial; loopback reaches them.</summary>
    private static string ClientBaseUrl(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var builder = new UriBuilder(first.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
        if (builder.Host is "0.0.0.0" or "[::]")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri.GetLeftPart(UriPartial.Authority);
    }
}
