using Gateway.Streams;
using Microsoft.Extensions.Logging;
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

    public async Task<UpstreamConnection> ConnectAsync(
        UpstreamDefinition definition, UpstreamConnectionHooks hooks, CancellationToken cancellationToken)
    {
        var connection = new UpstreamConnection(definition.Name, delivery, hooks);
        var options = new McpClientOptions
        {
            ClientInfo = ClientInfo,
            InitializationTimeout = TimeSpan.FromSeconds(30),
            Handlers = new McpClientHandlers { NotificationHandlers = connection.NotificationHandlers() },
        };

        var client = await McpClient.CreateAsync(CreateTransport(definition), options, loggerFactory, cancellationToken);
        connection.Attach(client);
        return connection;
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

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Upstream {Upstream} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string upstream, string line);
}
