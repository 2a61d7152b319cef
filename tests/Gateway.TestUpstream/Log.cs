using Microsoft.Extensions.Logging;

namespace Gateway.TestUpstream;

/// <summary>Log messages of the test upstream; everything goes to stderr.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Test upstream '{Name}' serving MCP over {Mode} ({Sessions})")]
    public static partial void Started(ILogger logger, string name, UpstreamMode mode, string sessions);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Session {SessionId} opened")]
    public static partial void SessionOpened(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Session {SessionId} closed")]
    public static partial void SessionClosed(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Session {SessionId} server loop failed")]
    public static partial void SessionFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Tool '{Tool}' added at run time")]
    public static partial void ToolAdded(ILogger logger, string tool);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Tool '{Tool}' changed at run time")]
    public static partial void ToolChanged(ILogger logger, string tool);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Sent {Method} to session {SessionId}")]
    public static partial void NotificationSent(ILogger logger, string method, string sessionId);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Could not send {Method} to session {SessionId}")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string method, string sessionId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "crash tool called: exiting with code {ExitCode}")]
    public static partial void Crashing(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Rejected {Method} /mcp with {StatusCode}: {Reason}")]
    public static partial void HttpRejected(ILogger logger, string method, int statusCode, string reason);
}
