using Serilog.Events;
using Serilog.Formatting;

namespace Gateway.Silo.Logging;

/// <summary>
/// Writes an event with its exception's text scrubbed of credentials (<see cref="CredentialText"/>).
/// An exception is no <c>[LoggerMessage]</c> parameter, so no data class redacts it, and an
/// enricher cannot replace it; yet its message and its inner ones can quote a connection string,
/// a request's Authorization header or a token endpoint's answer. Events without one pass as they are.
/// </summary>
public sealed class ScrubbedExceptionFormatter(ITextFormatter inner) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (logEvent.Exception is null or ScrubbedException)
        {
            inner.Format(logEvent, output);
            return;
        }

        var scrubbed = new LogEvent(
            logEvent.Timestamp,
            logEvent.Level,
            new ScrubbedException(logEvent.Exception),
            logEvent.MessageTemplate,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)),
            logEvent.TraceId ?? default,
            logEvent.SpanId ?? default);
        inner.Format(scrubbed, output);
    }

    /// <summary>Stands for the logged exception with the text a formatter reads from it scrubbed.</summary>
    private sealed class ScrubbedException(Exception original) : Exception(CredentialText.Scrub(original.Message))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString() => CredentialText.Scrub(original.ToString());
    }
}
