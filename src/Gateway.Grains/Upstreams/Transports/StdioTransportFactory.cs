using Gateway.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Gateway.Upstreams.Transports;

/// <summary>A child process speaking MCP on stdin/stdout; it lives on the silo that opened it and dies with it.</summary>
public sealed partial class StdioTransportFactory(ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StdioTransportFactory>();

    public string Name => UpstreamTransports.Stdio;

    public bool CanResume => false;

    public UpstreamTransport Create(UpstreamDefinition definition, string? knownSessionId = null)
    {
        var name = definition.Name;
        return new UpstreamTransport(new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = definition.Name,
                Command = definition.Command!,
                Arguments = definition.Args,
                WorkingDirectory = definition.WorkingDirectory,
                EnvironmentVariables = SecretReference.ResolveAll(definition.Env)!,
                StandardErrorLines = line => LogStderr(_logger, name, line),
            },
            loggerFactory), KeepSessionOnClose: null);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Upstream {Upstream} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string upstream, string line);
}
