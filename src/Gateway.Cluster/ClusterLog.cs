using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace Gateway.Cluster;

/// <summary>Silo-to-silo messaging's log messages. Event ids are stable (the 2100 block).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Refused a cluster request to {Path} from {Remote}: the cluster key signature is missing, wrong or too old")]
    public static partial void Unauthenticated(ILogger logger, string path, string? remote);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Refused a malformed cluster request to {Path}: {Reason}")]
    public static partial void Malformed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Silo {Silo} refused a connection; declaring it Dead and retrying {Method} on {Grain} elsewhere")]
    public static partial void SiloRefused(ILogger logger, SiloAddress silo, string method, GrainId grain);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Declaring unreachable silo {Silo} Dead failed")]
    public static partial void DeclareDeadFailed(ILogger logger, SiloAddress silo, Exception exception);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Critical, Message = "This silo was declared Dead by the cluster; stopping so that its grains live only on the survivors")]
    public static partial void StoppingDeclaredDead(ILogger logger);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Marking this silo ShuttingDown failed; the others drop it when it leaves")]
    public static partial void BeginShutdownFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "Grain call {Method} on {Grain} from silo {Caller} failed")]
    public static partial void IncomingCallFailed(ILogger logger, string method, GrainId grain, string caller, Exception exception);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning, Message = "Cluster message {Name} to silo {Silo} failed: {Reason}")]
    public static partial void MessageFailed(ILogger logger, string name, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information, Message = "Removed {Count} grain directory entries left by dead silos")]
    public static partial void RemovedDeadEntries(ILogger logger, int count);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Removing grain directory entries of dead silos failed")]
    public static partial void RemovingDeadEntriesFailed(ILogger logger, Exception exception);
}
