using Gateway.Streams;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>Connects with the MCP SDK's client over stdio, Streamable HTTP or legacy SSE.</summary>
public sealed partial class McpUpstreamConnector(
    IClientStreamDelivery delivery,
    IHttpClientFactory httpClients,
    ILoggerFactory loggerFactory) : IUpstreamConnector
{
    public static readonly Implementation ClientInfo = new() { Name = "mcp-gateway", Version = GatewayVersion.Current };

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpUpstreamConnector>();

    /// <summary>
    /// The initialize-handshake revisions, newest first. Upstream sessions carry per-client state,
    /// logging levels and list_changed streams, which the session-less 2026-07-28 revision does
    /// not have, so the gateway asks for the newest of these; the SDK treats a pinned version as a
    /// minimum, hence the walk down the list for an upstream that only speaks an older one.
    /// </summary>
    private static readonly string[] UpstreamProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

    public async Task<UpstreamConnection> ConnectAsync(
        UpstreamDefinition definition, UpstreamConnectionHooks hooks, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var connection = new UpstreamConnection(definition.Name, delivery, hooks);
            var options = new McpClientOptions
            {
                ClientInfo = ClientInfo,
                ProtocolVersion = UpstreamProtocolVersions[i],
                InitializationTimeout = TimeSpan.FromSeconds(30),
                Handlers = new McpClientHandlers { NotificationHandlers = connection.NotificationHandlers() },
            };

            try
            {
                var client = await McpClient.CreateAsync(CreateTransport(definition), options, loggerFactory, cancellationToken);
                connection.Attach(client);
                return connection;
            }
            catch (McpException ex) when (ex is not McpProtocolException && i + 1 < UpstreamProtocolVersions.Length
                                          && ex.Message.Contains("protocol version", StringComparison.OrdinalIgnoreCase))
            {
                LogVersionRefused(_logger, definition.Name, UpstreamProtocolVersions[i], ex.Message);
            }
        }
    }

    private IClientTransport CreateTransport(UpstreamDefinition definition)
    {
        switch (definition.Transport)
        {
            case UpstreamTransports.Stdio:
                var name = definition.Name;
                return new StdioClientTransport(
                    new StdioClientTransportOptions
                    {
                        Name = definition.Name,
                        Command = definition.Command!,
                        Arguments = definition.Args,
                        WorkingDirectory = definition.WorkingDirectory,
                        EnvironmentVariables = SecretReference.ResolveAll(definition.Env)!,
                        StandardErrorLines = line => LogStderr(_logger, name, line),
                    },
                    loggerFactory);
            case UpstreamTransports.Http or UpstreamTransports.Sse:
                return new HttpClientTransport(
                    new HttpClientTransportOptions
                    {
                        Name = definition.Name,
                        Endpoint = new Uri(definition.Url!),
                        TransportMode = definition.Transport == UpstreamTransports.Sse
                            ? HttpTransportMode.Sse
                            : HttpTransportMode.StreamableHttp,
                        AdditionalHeaders = SecretReference.ResolveAll(definition.Headers),
                    },
                    httpClients.CreateClient("upstream"),
                    loggerFactory,
                    ownsHttpClient: true);
            default:
                throw new InvalidOperationException($"unknown transport '{definition.Transport}'");
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Upstream {Upstream} does not speak MCP {Version} ({Reason}); trying an older revision")]
    private static partial void LogVersionRefused(ILogger logger, string upstream, string version, string reason);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Upstream {Upstream} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string upstream, string line);
}
