using Gateway.Cli.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Cli.Mcp;

/// <summary>Opens an MCP session on the gateway's Streamable HTTP endpoint (or one upstream's endpoint behind it).</summary>
public static class GatewayMcpClientFactory
{
    /// <summary>
    /// Pinned so the SDK uses the <c>initialize</c> handshake and a session (ended by DELETE on dispose) instead of
    /// first probing with <c>server/discover</c>, which a server on an older revision may leave unanswered for seconds.
    /// </summary>
    public const string ProtocolVersion = "2025-11-25";

    private static readonly TimeSpan InitializationTimeout = TimeSpan.FromSeconds(30);

    public static async Task<McpClient> ConnectAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = "gateway",
                // One request and done: the server-to-client GET stream would only cost a connection.
                EnableStandaloneGetStream = false,
            },
            http,
            loggerFactory: null,
            ownsHttpClient: false);

        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "gateway-cli", Version = CliApp.Version },
            ProtocolVersion = ProtocolVersion,
            InitializationTimeout = InitializationTimeout,
        };

        return await McpClient.CreateAsync(transport, options, loggerFactory: null, cancellationToken);
    }
}
