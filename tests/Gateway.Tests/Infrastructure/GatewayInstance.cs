using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.Client;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A silo hosted in the test process on a free loopback port, built exactly as the executable
/// builds it (GatewayHost.Build with a --config file), so what is tested is what users run.
/// </summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, string baseUrl, string configFile, string dataDirectory)
    {
        _app = app;
        BaseUrl = baseUrl;
        ConfigFile = configFile;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public string ConfigFile { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string McpUrl => BaseUrl + "/mcp";

    /// <summary>Starts a silo from a "Gateway" section; Urls and DataDirectory get test defaults.</summary>
    public static async Task<GatewayInstance> StartAsync(JsonObject gateway, string? dataDirectory = null)
    {
        dataDirectory ??= Paths.NewTempDirectory();
        gateway["Urls"] ??= "http://127.0.0.1:0";
        gateway["DataDirectory"] ??= dataDirectory;

        // Each silo of the test process needs an Orleans silo port of its own.
        if (gateway["Cluster"] is not JsonObject cluster)
        {
            gateway["Cluster"] = cluster = new JsonObject();
        }

        cluster["SiloPort"] ??= FreeTcpPort.PickBelowEphemeralRange();
        var configFile = Path.Combine(dataDirectory, $"gateway-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configFile, new JsonObject { ["Gateway"] = gateway }.ToJsonString());

        var app = GatewayHost.Build(["--config", configFile], configFile);
        await app.StartAsync();
        var baseUrl = app.Urls.First().TrimEnd('/');
        var instance = new GatewayInstance(app, baseUrl, configFile, dataDirectory);
        await Poll.UntilAsync(async () => (await instance.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "the silo to be ready");
        return instance;
    }

    /// <summary>Connects the SDK's McpClient; a pinned version skips the 2026 discovery probe.</summary>
    public Task<McpClient> ConnectAsync(string? server = null, string? protocolVersion = "2025-11-25", McpClientOptions? options = null, string? apiKey = null)
    {
        var endpoint = server is null ? McpUrl : $"{BaseUrl}/servers/{server}/mcp";
        return McpClients.ConnectAsync(endpoint, protocolVersion, options, apiKey);
    }

    /// <summary>Waits until every named upstream is connected and its catalog is merged.</summary>
    public Task WaitForUpstreamsAsync(params string[] names) => WaitForUpstreamsWithKeyAsync(null, names);

    public Task WaitForUpstreamsWithKeyAsync(string? apiKey, params string[] names) =>
        Poll.UntilAsync(async () =>
        {
            using var request = ClientRequests.Create("GET", "/admin/upstreams", bearer: apiKey);
            using var response = await Http.SendAsync(request);
            var upstreams = await response.Content.ReadFromJsonAsync<JsonArray>();
            return names.All(n => upstreams!.Any(u =>
                (string?)u!["name"] == n && (string?)u["state"] == "connected" && (int?)u["toolCount"] > 0));
        }, $"upstreams {string.Join(", ", names)} to connect");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
