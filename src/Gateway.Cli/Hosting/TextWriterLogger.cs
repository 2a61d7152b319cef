using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Hosting;

/// <summary>
/// Log lines to stderr for a command that runs for a while (<c>connect</c>): "gateway connect: warn: ...".
/// Information and above; no timestamps, as the host of a stdio client stamps its log itself.
/// </summary>
public sealed class TextWriterLogger(TextWriter writer, string prefix) : ILogger
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{prefix}: {Label(logLevel)}: {formatter(state, exception)}";
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fail",
    };
}
