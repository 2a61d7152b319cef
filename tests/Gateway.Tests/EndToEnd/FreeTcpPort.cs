using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A loopback port nothing listens on right now: the OS picks one for a listener on port 0, and
/// the listener is closed again so a child process (or nobody, for a "down" upstream) can take it.
/// </summary>
public static class FreeTcpPort
{
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
}
