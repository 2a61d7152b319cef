using Serilog.Events;
using Serilog.Formatting;

namespace Gateway.Silo.Audit;

/// <summary>
/// Writes an audit event as the JSON line it carries, and nothing else: the line's shape is the
/// audit entry's (<see cref="AuditJsonContext"/>), not Serilog's.
/// </summary>
public sealed class AuditLineFormatter : ITextFormatter
{
    public const string LineProperty = "Line";

    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (logEvent.Properties.TryGetValue(LineProperty, out var value) && value is ScalarValue { Value: string line })
        {
            output.Write(line);
            output.Write('\n');
        }
    }
}
