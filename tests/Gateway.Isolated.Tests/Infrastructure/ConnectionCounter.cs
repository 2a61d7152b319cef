using System.Net;
using System.Net.Sockets;

namespace Gateway.Isolated.Tests.Infrastructure;

/// <summary>A TCP listener that only counts the connections it accepts (and closes them): proof that nobody connected.</summary>
public sealed class ConnectionCounter : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _accepting;
    private int _connections;

    public ConnectionCounter(string address = "127.0.0.1")
    {
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
