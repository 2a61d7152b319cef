using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// One upstream MCP session served by the SDK's own server over in-memory pipes: no socket, no
/// process. Its tools: "echo" answers with this session's number, "wait" answers only when the
/// gateway cancels it (and records that it was cancelled).
/// </summary>
public sealed class InMemoryUpstream
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly TaskCompletionSource _waitStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waitCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryUpstream(int number)
    {
        Number = number;
        var server = McpServer.Create(
            new StreamServerTransport(_toServer.Reader.AsStream(), _toClient.Writer.AsStream(), $"memory-{number}", NullLoggerFactory.Instance),
            new McpServerOptions
            {
                ServerInfo = new Implementation { Name = "memory-upstream", Version = "1" },
                Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
                Handlers = new McpServerHandlers
                {
                    ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [] }),
                    CallToolHandler = CallAsync,
                },
            },
            NullLoggerFactory.Instance);
        Closed = RunAsync(server);
    }

    /// <summary>The how-manieth session this upstream opened, counting from 1.</summary>
    public int Number { get; }

    /// <summary>Completes when the gateway closed this session (its end of the pipe).</summary>
    public Task Closed { get; }

    public Task WaitStarted => _waitStarted.Task;

    public Task WaitCancelled => _waitCancelled.Task;

    /// <summary>The gateway's side of the session, as an SDK client transport; closing it ends the session, as EOF ends a stdio one.</summary>
    public IClientTransport ClientTransport() => new ClosingTransport(
        new StreamClientTransport(_toServer.Writer.AsStream(), _toClient.Reader.AsStream(), NullLoggerFactory.Instance),
        () => _toServer.Writer.Complete());

    private async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        if (request.Params?.Name == "wait")
        {
            _waitStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _waitCancelled.TrySetResult();
                throw;
            }
        }

        return new CallToolResult { Content = [new TextContentBlock { Text = Number.ToString(System.Globalization.CultureInfo.InvariantCulture) }] };
    }

    private static async Task RunAsync(McpServer server)
    {
        await using (server)
        {
            await server.RunAsync();
        }
    }
}
