using Gateway.Configuration;
using Gateway.Protocol;
using Gateway.Upstreams.Credentials;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Gateway.Upstreams.Transports;

/// <summary>
/// A child process speaking MCP on stdin/stdout; it lives on the silo that opened it and dies with
/// it. The SDK starts the command itself, with its arguments as a list (no shell on Linux or macOS;
/// on Windows it runs the command through cmd.exe), and those come from the operator's definition
/// only: what a client sends travels as JSON-RPC on the child's stdin, never on a command line.
/// </summary>
public sealed partial class StdioTransportFactory(UpstreamSecrets secrets, ILoggerFactory loggerFactory) : IUpstreamTransportFactory
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

                // The SDK's default copies the gateway's whole environment into the child.
                InheritEnvironmentVariables = false,
                EnvironmentVariables = ChildEnvironment.Create(secrets.ResolveAll(definition.Env, name, "env"), Environment.GetEnvironmentVariable),
                StandardErrorLines = line => LogStderr(_logger, name, line),
            },
            loggerFactory), KeepSessionOnClose: null);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Upstream {Upstream} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string upstream, [UpstreamText] string line);
}
