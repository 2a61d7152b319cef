using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Cluster.Tests.Infrastructure;

/// <summary>
/// The silos' warnings and errors, named by silo, kept for the test's output; quieted as the
/// silo executable quiets them (GatewayHost: Orleans' watchdog measures from the machine's boot,
/// the SDK client warns on every forwarded call that it keeps no tool cache).
/// </summary>
public sealed class SiloLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public ILoggerProvider For(string silo) => new Provider(silo, this);

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>A line of the test's own, among the silos'.</summary>
    public void Note(string line) => _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} test: {line}");

    private sealed class Provider(string silo, SiloLog log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(silo, categoryName, log);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string silo, string category, SiloLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("Orleans.Runtime.Watchdog", StringComparison.Ordinal)
                         || category.StartsWith("ModelContextProtocol.Client", StringComparison.Ordinal)
                ? LogLevel.Error
                : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
