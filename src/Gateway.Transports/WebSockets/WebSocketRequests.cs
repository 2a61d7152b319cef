namespace Gateway.Transports.WebSockets;

/// <summary>
/// The requests one socket has running. They run side by side, as POSTs to /mcp do, so a slow
/// tools/call holds up no ping sent after it; at most <paramref name="limit"/> at once, since one
/// connection could otherwise start any number. When the socket goes they are cancelled together:
/// the grain calls' cancellation reaches the session, which cancels its upstream requests.
/// </summary>
public sealed class WebSocketRequests(int limit) : IDisposable
{
    private readonly CancellationTokenSource _socketGone = new();
    private readonly HashSet<Task> _running = [];

    public int Limit => limit;

    /// <summary>Cancelled when the socket goes, for the session's calls that are not requests.</summary>
    public CancellationToken SocketGone => _socketGone.Token;

    /// <summary>
    /// Starts <paramref name="request"/> with the socket's cancellation, unless <see cref="Limit"/>
    /// requests are running. The request handles its own failures: its task never faults.
    /// </summary>
    public bool TryStart(Func<CancellationToken, Task> request)
    {
        lock (_running)
        {
            if (_running.Count >= limit)
            {
                return false;
            }

            var running = request(_socketGone.Token);
            _running.Add(running);
            _ = running.ContinueWith(Finished, TaskScheduler.Default);
            return true;
        }
    }

    /// <summary>Cancels every request still running and waits until each has returned.</summary>
    public async Task CancelAllAsync()
    {
        await _socketGone.CancelAsync();
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
    }

    public void Dispose() => _socketGone.Dispose();

    private void Finished(Task request)
    {
        lock (_running)
        {
            _running.Remove(request);
        }
    }
}
