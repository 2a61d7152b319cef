using Microsoft.Extensions.Logging;

namespace Gateway.Runtime.Membership;

/// <summary>Membership's log messages. Event ids are stable (the 2000 block): add new ones, never renumber.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Silo {Silo} joined cluster {ClusterId}")]
    public static partial void Joined(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Membership view changed to {View}")]
    public static partial void ViewChanged(ILogger logger, MembershipView view);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Declared silo {Silo} Dead: its heartbeat has not changed for at least {FailureTimeout}")]
    public static partial void DeclaredOtherDead(ILogger logger, SiloAddress silo, TimeSpan failureTimeout);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information,
        Message = "Declared silo {Silo} Dead: {Successor} has restarted on the same endpoint")]
    public static partial void DeclaredPredecessorDead(ILogger logger, SiloAddress silo, SiloAddress successor);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error,
        Message = "Silo {Silo} stops taking part in the cluster: {Reason}")]
    public static partial void DeclaredSelfDead(ILogger logger, SiloAddress? silo, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Silo {Silo} could not write its heartbeat (last written {SilentFor} ago)")]
    public static partial void HeartbeatFailed(ILogger logger, SiloAddress silo, TimeSpan silentFor, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Reading the membership table failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Silo {Silo} left cluster {ClusterId}")]
    public static partial void Left(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning,
        Message = "Silo {Silo} could not record its departure; the others will vote it Dead when its heartbeat goes stale")]
    public static partial void LeaveFailed(ILogger logger, SiloAddress silo, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Removed {Count} rows of long-dead silos from the membership table")]
    public static partial void DefunctRowsRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Removing rows of long-dead silos from the membership table failed")]
    public static partial void DefunctCleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "A handler of the membership event {Event} failed")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Declared silo {Silo} Dead: {Reason}")]
    public static partial void DeclaredUnreachableDead(ILogger logger, SiloAddress silo, string reason);
}
