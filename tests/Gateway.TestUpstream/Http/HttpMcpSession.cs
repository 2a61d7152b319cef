using Gateway.TestUpstream.Sessions;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// One Streamable HTTP session: the SDK transport the /mcp requests feed, the SDK server reading
/// from it (running in the background until the session ends) and the upstream's session state.
/// </summary>
public sealed class HttpMcpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serverLoop;
    private readonly ILogger _logger;
    private int _getStreamStarted;
    private int _disposed;

    public HttpMcpSession(string id, StreamableHttpServerTransport transport, McpServer server, UpstreamSession state, ILogger logger)
    {
        Id = id;
        Transport = transport;
        Server = server;
        State = state;
        _logger = logger;
        _serverLoop = RunServerAsync();
    }

    public string Id { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public UpstreamSession State { get; }

    /// <summary>The SDK transport serves one standalone GET stream per session.</summary>
    public bool TryStartGetStream() => Interlocked.Exchange(ref _getStreamStarted, 1) == 0;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        State.End();
        await _stopping.CancelAsync();
        await Transport.DisposeAsync();
        await _serverLoop;
        await Server.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunServerAsync()
    {
        // Yield so the constructor returns before the loop starts reading the transport.
        await Task.Yield();
        try
        {
            await Server.RunAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.SessionFailed(_logger, ex, Id);
        }
    }
}
