using Microsoft.Extensions.Logging;

namespace Gateway.TestUpstream.Hosting;

/// <summary>
/// Sends every log line to stderr: stdout carries the MCP stream in stdio mode and only the
/// LISTENING line in HTTP mode, and test harnesses read it.
/// </summary>
public static class UpstreamLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
    }
}
