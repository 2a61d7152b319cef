using Gateway.Audit;
using Microsoft.Extensions.Logging;

namespace Gateway.Pinning;

/// <summary>
/// Pinning events as audit lines (kind "pin", the event as the action, the tool as the target)
/// and as log events: Warning for a definition held for an admin to look at, Information otherwise.
/// </summary>
public sealed partial class LoggedPinningEvents(IAuditLog audit, ILogger<LoggedPinningEvents> logger) : IPinningEvents
{
    public void Record(PinningEvent e)
    {
        audit.Write(new AuditEntry
        {
            Kind = AuditKinds.Pin,
            Principal = e.Principal,
            Upstream = e.Upstream,
            Tool = e.Tool,
            Action = "pin." + e.Kind.ToString().ToLowerInvariant() + (e.Hold is { } hold ? "." + hold.ToString().ToLowerInvariant() : ""),
            Target = e.Hash,
            Outcome = AuditOutcomes.Ok,
        });

        switch (e.Kind)
        {
            case PinningEventKind.Pinned:
                LogPinned(logger, e.Tool, e.Upstream, e.Hash);
                break;
            case PinningEventKind.Held when e.Hold == HoldKind.Renamed:
                LogHeldRenamed(logger, e.Tool, e.Upstream, e.RenamedFrom, e.Hash);
                break;
            case PinningEventKind.Held:
                LogHeldChanged(logger, e.Tool, e.Upstream, e.PinnedHash, e.Hash);
                break;
            case PinningEventKind.Restored:
                LogRestored(logger, e.Tool, e.Upstream, e.Hash);
                break;
            case PinningEventKind.Withdrawn:
                LogWithdrawn(logger, e.Tool, e.Upstream, e.Hash);
                break;
            case PinningEventKind.Approved:
                LogApproved(logger, e.Tool, e.Upstream, e.Hash, e.Principal);
                break;
            case PinningEventKind.Rejected:
                LogRejected(logger, e.Tool, e.Upstream, e.Hash, e.Principal);
                break;
        }
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Tool {Tool} of {Upstream} pinned on first sight ({Hash})")]
    private static partial void LogPinned(ILogger logger, string tool, string upstream, string hash);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning,
        Message = "Tool {Tool} of {Upstream} held: its definition changed from the pinned {PinnedHash} to {Hash}; an admin must approve it")]
    private static partial void LogHeldChanged(ILogger logger, string tool, string upstream, string? pinnedHash, string hash);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Warning,
        Message = "Tool {Tool} of {Upstream} held: it has the body of the pinned tool {RenamedFrom} under a new name ({Hash}); an admin must approve it")]
    private static partial void LogHeldRenamed(ILogger logger, string tool, string upstream, string? renamedFrom, string hash);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Information, Message = "Tool {Tool} of {Upstream} is back to its pinned definition ({Hash}) and served again")]
    private static partial void LogRestored(ILogger logger, string tool, string upstream, string hash);

    [LoggerMessage(EventId = 1904, Level = LogLevel.Information, Message = "Tool {Tool} of {Upstream}: its held definition {Hash} is no longer listed by the upstream")]
    private static partial void LogWithdrawn(ILogger logger, string tool, string upstream, string hash);

    [LoggerMessage(EventId = 1905, Level = LogLevel.Information, Message = "Tool {Tool} of {Upstream}: definition {Hash} approved by {Principal} and served")]
    private static partial void LogApproved(ILogger logger, string tool, string upstream, string hash, string? principal);

    [LoggerMessage(EventId = 1906, Level = LogLevel.Information, Message = "Tool {Tool} of {Upstream}: definition {Hash} rejected by {Principal}; it stays held")]
    private static partial void LogRejected(ILogger logger, string tool, string upstream, string hash, string? principal);
}
