using Gateway.Cluster;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Gateway.Streams;
using Gateway.Transports.Streams;

namespace Gateway.Silo.Clustering;

/// <summary>
/// Delivery to client streams anywhere in the cluster: a stream on this silo is written directly,
/// one on another silo gets the item as a cluster message. An unreachable silo means "not
/// delivered", and the session keeps the item for the client's resumption (Last-Event-ID).
/// </summary>
public sealed partial class ClusterStreamDelivery(
    ClientStreamRegistry local, ClusterMessenger messenger, SiloIdentity silo, ILogger<ClusterStreamDelivery> logger) : IClientStreamDelivery
{
    public const string MessageName = "stream";

    public async ValueTask<bool> DeliverAsync(StreamAddress target, StreamItem item, CancellationToken cancellationToken = default)
    {
        if (target.Silo == silo.Id)
        {
            return await local.DeliverAsync(target, item, cancellationToken);
        }

        if (!SiloAddress.TryParse(target.Silo, out var address))
        {
            return false;
        }

        try
        {
            return await messenger.SendAsync(address, MessageName, new RemoteStreamItem(target, item), cancellationToken);
        }
        catch (Exception ex) when (ex is SiloUnavailableException or InvalidOperationException)
        {
            LogNotDelivered(logger, target.Silo, ex.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 1610, Level = LogLevel.Debug, Message = "A stream item for silo {Silo} was not delivered: {Reason}")]
    private static partial void LogNotDelivered(ILogger logger, string silo, string reason);
}
