using ModelContextProtocol.Client;

namespace Gateway.Tests.Infrastructure;

public static class McpClients
{
    public static Task<McpClient> ConnectAsync(string endpoint, string? protocolVersion = "2025-11-25", McpClientOptions? options = null, string? apiKey = null)
    {
        options ??= new McpClientOptions();
        options.ProtocolVersion = protocolVersion;
        options.ClientInfo ??= new ModelContextProtocol.Protocol.Implementation { Name = "gateway-tests", Version = "1.0" };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(endpoint),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return McpClient.CreateAsync(transport, options, cancellationToken: timeout.Token);
    }
}
