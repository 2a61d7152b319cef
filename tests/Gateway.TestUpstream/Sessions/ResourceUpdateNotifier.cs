using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Microsoft.Extensions.Logging;

namespace Gateway.TestUpstream.Sessions;

/// <summary>Tells the sessions subscribed to a resource that it changed (notifications/resources/updated).</summary>
public sealed class ResourceUpdateNotifier(SessionRegistry sessions, ILogger<ResourceUpdateNotifier> logger)
{
    /// <summary>
    /// Sends the update to each open session subscribed to <paramref name="uri"/>: the calling one
    /// through its request's server (its POST stream), the others on their standalone stream.
    /// Returns how many sessions were told.
    /// </summary>
    public async Task<int> NotifyAsync(string uri, UpstreamSession origin, McpServer originServer, CancellationToken cancellationToken)
    {
        var told = 0;
        foreach (var session in sessions.Open.Where(s => s.IsSubscribed(uri)))
        {
            var server = ReferenceEquals(session, origin) ? originServer : session.Server;
            if (server is null)
            {
                continue;
            }

            try
            {
                await server.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification,
                    new ResourceUpdatedNotificationParams { Uri = uri }, cancellationToken: cancellationToken);
                Log.NotificationSent(logger, NotificationMethods.ResourceUpdatedNotification, session.Id);
                told++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.NotificationFailed(logger, ex, NotificationMethods.ResourceUpdatedNotification, session.Id);
            }
        }

        return told;
    }
}
