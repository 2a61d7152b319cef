using Microsoft.Extensions.Logging;

namespace Gateway.Persistence;

/// <summary>The PostgreSQL membership table's log messages (membership's 2000 block; stable ids).</summary>
internal static partial class PostgresMembershipLog
{
    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning,
        Message = "Skipped membership row {Row} of cluster {ClusterId}: {Problem}. Fix or delete the row; other silos' rows are unaffected")]
    public static partial void SkippedRow(ILogger logger, string row, string clusterId, string problem);
}
