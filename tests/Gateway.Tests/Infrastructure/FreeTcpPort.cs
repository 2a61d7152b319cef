using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A loopback port nothing listens on right now: the OS picks one for a listener on port 0, and
/// the listener is closed again so a child process (or nobody, for a "down" upstream) can take it.
/// </summary>
public static class FreeTcpPort
{
    private static int s_next = 20000 + Random.Shared.Next(0, 2000) * 4;

    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// A free port below the ephemeral range (Linux: 32768-60999), for a cluster port picked well
    /// before its silo binds it: neither another pick nor an outgoing connection's source port can
    /// take it meanwhile, as they come from the ephemeral range.
    /// </summary>
    public static int PickBelowEphemeralRange()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = 20000 + (Interlocked.Add(ref s_next, 1) - 20000) % 12000;
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }

        throw new InvalidOperationException("No free port between 20000 and 31999.");
    }
}
