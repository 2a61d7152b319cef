using Microsoft.Extensions.Logging;

namespace Gateway.Runtime.Diagnostics;

/// <summary>The runtime's log messages. Event ids are stable: add new ones, never renumber.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Activated grain {GrainId}")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId} ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} ({Reason}) failed")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, DeactivationReason reason, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "OnDeactivateAsync of grain {GrainId} ({Reason}) did not finish within {Timeout}; the activation is discarded anyway")]
    public static partial void DeactivationTimedOut(ILogger logger, GrainId grainId, DeactivationReason reason, TimeSpan timeout);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Disposing the service scope of grain {GrainId} failed")]
    public static partial void ScopeDisposeFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Grain {GrainId} is active on silo {Owner}; not activated here")]
    public static partial void ActiveElsewhere(ILogger logger, GrainId grainId, Gateway.Runtime.Membership.SiloAddress owner);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Removing the directory entry of grain {GrainId} failed; the next activation elsewhere takes it over once this silo is gone")]
    public static partial void UnregisterFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "One-way call {Method} to grain {GrainId} failed")]
    public static partial void OneWayCallFailed(ILogger logger, string method, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "A timer tick of grain {GrainId} failed")]
    public static partial void TimerTickFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    public static partial void IdleActivationsCollected(ILogger logger, int count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Idle activation collection failed")]
    public static partial void IdleCollectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Deactivating {Count} activations: the silo is stopping")]
    public static partial void DeactivatingAllOnShutdown(ILogger logger, int count);
}
