using Microsoft.Extensions.Logging;

namespace Gateway.ConformanceUpstream;

/// <summary>Log messages of the conformance upstream; everything goes to stderr.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Conformance upstream listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Header} '{Value}' is not loopback")]
    public static partial void NotLoopback(ILogger logger, string method, string path, string header, string value);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Tool {Tool} ended its response stream; its result goes to the client's next poll")]
    public static partial void PollingEnabled(ILogger logger, string tool);
}
