using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Connect;

/// <summary>
/// What <c>gateway connect</c> reports on stderr. Never a message's content, a header value or a key:
/// the stdio client's host often keeps stderr in a log file.
/// </summary>
public static partial class ConnectLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "bridging stdio to {Endpoint}")]
    public static partial void Bridging(this ILogger logger, string endpoint);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "a line on stdin is not JSON; answered with a parse error (-32700)")]
    public static partial void StdinLineNotJson(this ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "the gateway refused a {Message}: {Reason}")]
    public static partial void GatewayRefusedMessage(this ILogger logger, string message, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "a {Message} did not reach the gateway: {Reason}")]
    public static partial void MessageNotDelivered(this ILogger logger, string message, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "relaying a {Message} failed: {Reason}")]
    public static partial void RelayFailed(this ILogger logger, string message, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "the gateway sent something that is not JSON; skipped: {Reason}")]
    public static partial void GatewaySentInvalidJson(this ILogger logger, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "the gateway sent JSON that is not a JSON-RPC message; skipped")]
    public static partial void GatewaySentNonMessage(this ILogger logger);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "the standalone stream dropped; reconnecting in {DelaySeconds} s (attempt {Attempt} of {MaxAttempts})")]
    public static partial void StandaloneStreamReconnecting(this ILogger logger, double delaySeconds, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Error, Message = "the standalone stream failed {MaxAttempts} times in a row; server-initiated messages will not arrive until the client reconnects")]
    public static partial void StandaloneStreamGivenUp(this ILogger logger, int maxAttempts);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "the gateway offers no standalone stream (HTTP {Status}); server-initiated messages arrive only with answers")]
    public static partial void StandaloneStreamRefused(this ILogger logger, int status);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "the gateway no longer knows this session (404): it expired or was ended; restart the MCP client to open a new one")]
    public static partial void SessionGone(this ILogger logger);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "the gateway refused to end the session (HTTP {Status})")]
    public static partial void SessionEndRefused(this ILogger logger, int status);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "could not end the session on the gateway: {Reason}")]
    public static partial void SessionEndFailed(this ILogger logger, string reason);
}
