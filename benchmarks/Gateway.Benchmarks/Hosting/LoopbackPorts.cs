using System.Net;
using System.Net.Sockets;

namespace Gateway.Benchmarks.Hosting;

/// <summary>
/// Ports that nothing listens on yet: a benchmark silo must not take 11111 from a gateway running
/// on the same machine, nor a port of the other silo in the same process.
/// </summary>
internal static class LoopbackPorts
{
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
