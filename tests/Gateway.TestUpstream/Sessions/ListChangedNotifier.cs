using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Sessions;

/// <summary>Tells every open session that a list (tools, resources, prompts) changed.</summary>
public sealed class ListChangedNotifier(SessionRegistry sessions, ILogger<ListChangedNotifier> logger)
{
    /// <summary>
    /// Sends <paramref name="method"/> to every open session. The session whose request caused the
    /// change is notified through that request's server, which over Streamable HTTP writes to the
    /// POST response stream and so arrives even when the client has no GET stream open; other
    /// sessions get it on their standalone stream (dropped by the SDK if they never opened one).
    /// </summary>
    public async Task NotifyAsync(string method, UpstreamSession origin, McpServer originServer, CancellationToken cancellationToken)
    {
        foreach (var session in sessions.Open)
        {
            var server = ReferenceEquals(session, origin) ? originServer : session.Server;
            if (server is null)
            {
                continue;
            }

            try
            {
                await server.SendNotificationAsync(method, cancellationToken);
                Log.NotificationSent(logger, method, session.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A session that is going away must not stop the others from hearing about the change.
                Log.NotificationFailed(logger, ex, method, session.Id);
            }
        }
    }
}
