using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Sessions;

/// <summary>
/// State that belongs to one MCP session (one stdio process, or one Mcp-Session-Id over HTTP;
/// with --stateless, one request), so tests can tell whether two gateway clients share an upstream session.
/// </summary>
public sealed class UpstreamSession(string id)
{
    private readonly CancellationTokenSource _ending = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _subscriptions = new(StringComparer.Ordinal);
    private int _counter;
    private McpServer? _server;

    /// <summary>Returned by the whoami tool.</summary>
    public string Id => id;

    /// <summary>The session's root server, for notifications sent outside any request (e.g. list_changed caused by another session).</summary>
    public McpServer? Server => Volatile.Read(ref _server);

    /// <summary>
    /// Cancelled when the session ends (stdin closed, DELETE, process stopping). The SDK waits for
    /// running handlers before it lets a session go, so tool calls watch this too; otherwise a
    /// client that leaves during a long slow call would keep the upstream alive until it finished.
    /// </summary>
    public CancellationToken Ending => _ending.Token;

    public void Attach(McpServer server) => Volatile.Write(ref _server, server);

    public int IncrementCounter() => Interlocked.Increment(ref _counter);

    /// <summary>What the client last answered an ask_sampling of this session with (the last_sampling tool), even when the call itself was cut off.</summary>
    public string? LastSampling { get; set; }

    /// <summary>resources/subscribe and resources/unsubscribe of this session; the touch_resource tool notifies the subscribers.</summary>
    public void Subscribe(string uri) => _subscriptions[uri] = 0;

    public void Unsubscribe(string uri) => _subscriptions.TryRemove(uri, out _);

    public bool IsSubscribed(string uri) => _subscriptions.ContainsKey(uri);

    public void End()
    {
        try
        {
            _ending.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
