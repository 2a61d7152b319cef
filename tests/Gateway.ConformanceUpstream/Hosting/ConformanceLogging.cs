using Microsoft.Extensions.Logging;

namespace Gateway.ConformanceUpstream.Hosting;

/// <summary>Every log line to stderr: stdout carries only the LISTENING line, which harnesses read.</summary>
public static class ConformanceLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
    }
}
