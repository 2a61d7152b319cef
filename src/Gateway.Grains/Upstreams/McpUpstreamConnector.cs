using Gateway.Protocol;
using Gateway.Streams;
using Gateway.Upstreams.Transports;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>Connects with the MCP SDK's client, over the transport the definition names.</summary>
public sealed partial class McpUpstreamConnector(
    IEnumerable<IUpstreamTransportFactory> transports,
    IClientStreamDelivery delivery,
    ILoggerFactory loggerFactory) : IUpstreamConnector
{
    public static readonly Implementation ClientInfo = new() { Name = "mcp-gateway", Version = GatewayVersion.Current };

    private readonly Dictionary<string, IUpstreamTransportFactory> _transports =
        transports.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpUpstreamConnector>();

    /// <summary>
    /// The initialize-handshake revisions, newest first. Upstream sessions carry per-client state,
    /// logging levels and list_changed streams, which the session-less 2026-07-28 revision does
    /// not have, so the gateway asks for the newest of these; the SDK treats a pinned version as a
    /// minimum, hence the walk down the list for an upstream that only speaks an older one. An
    /// upstream that names the versions it speaks (UnsupportedProtocolVersion) is asked the newest
    /// of those the gateway knows, 2026-07-28 included: one that speaks only that revision is
    /// served session-less (<see cref="UpstreamConnection.InputHandlers"/>).
    /// </summary>
    private static readonly string[] UpstreamProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

    private static readonly string[] KnownProtocolVersions = [ProtocolVersions.V2026_07_28, .. UpstreamProtocolVersions];

    public async Task<UpstreamConnection> ConnectAsync(
        UpstreamDefinition definition, UpstreamConnectionHooks hooks, UpstreamSessionRecord? resume, CancellationToken cancellationToken)
    {
        if (!_transports.TryGetValue(definition.Transport, out var transport))
        {
            throw new InvalidOperationException($"unknown transport '{definition.Transport}'");
        }

        if (resume is not null && transport.CanResume)
        {
            var resumed = new UpstreamConnection(definition.Name, delivery, hooks);
            var made = transport.Create(definition, resume.SessionId);
            var client = await McpClient.ResumeSessionAsync(
                new ObservedClientTransport(made.Transport, resumed.Observe), resume.ToResumeOptions(), Options(resumed, resume.ProtocolVersion), loggerFactory, cancellationToken);
            resumed.Attach(client, resume, isResumed: true, made.KeepSessionOnClose);
            LogResumed(_logger, definition.Name);
            return resumed;
        }

        var version = UpstreamProtocolVersions[0];
        for (var i = 0; ; i++)
        {
            var connection = new UpstreamConnection(definition.Name, delivery, hooks);
            try
            {
                var made = transport.Create(definition);
                var client = await McpClient.CreateAsync(new ObservedClientTransport(made.Transport, connection.Observe), Options(connection, version), loggerFactory, cancellationToken);
                var record = transport.CanResume ? UpstreamSessionRecord.Of(client, UpstreamRevision.Of(definition)) : null;
                connection.Attach(client, record, isResumed: false, record is null ? null : made.KeepSessionOnClose);
                return connection;
            }
            catch (UnsupportedProtocolVersionException ex)
                when (i + 1 < KnownProtocolVersions.Length && KnownProtocolVersions.FirstOrDefault(v => v != version && ex.Supported.Contains(v)) is { } spoken)
            {
                LogVersionRefused(_logger, definition.Name, version, ex.Message);
                version = spoken;
            }
            catch (McpException ex) when (ex is not McpProtocolException && i + 1 < UpstreamProtocolVersions.Length
                                          && ex.Message.Contains("protocol version", StringComparison.OrdinalIgnoreCase))
            {
                LogVersionRefused(_logger, definition.Name, version, ex.Message);
                version = UpstreamProtocolVersions[Math.Min(i + 1, UpstreamProtocolVersions.Length - 1)];
            }
        }
    }

    private static McpClientOptions Options(UpstreamConnection connection, string? protocolVersion) => new()
    {
        ClientInfo = ClientInfo,
        ProtocolVersion = protocolVersion,
        InitializationTimeout = TimeSpan.FromSeconds(30),
        Handlers = connection.InputHandlers(new McpClientHandlers { NotificationHandlers = connection.NotificationHandlers() }),
        // The client's own sampling, elicitation and roots: its requests for them are carried by the connection, not the SDK.
        Capabilities = connection.Offered,
    };

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Upstream {Upstream} does not speak MCP {Version} ({Reason}); trying an older revision")]
    private static partial void LogVersionRefused(ILogger logger, string upstream, string version, [UpstreamText] string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Upstream {Upstream}: carrying on an upstream session opened before, without a new initialize")]
    private static partial void LogResumed(ILogger logger, string upstream);
}
