using System.Net;
using System.Net.Sockets;

namespace Gateway.Persistence.Tests;

/// <summary>
/// Loopback ports for test silos, below Linux's ephemeral range (32768-60999): a port picked there
/// cannot be taken by the source port of some outgoing connection before its silo binds it, and
/// each pick in this process moves on to the next port, so two silos never get the same one.
/// </summary>
internal static class LoopbackPort
{
    private const int First = 20000;
    private const int Count = 12000;

    // A random start, so concurrent test runs on one machine seldom probe the same ports.
    private static int s_offset = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = First + Interlocked.Increment(ref s_offset) % Count;
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
