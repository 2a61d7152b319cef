using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Gateway.Silo.Logging;

/// <summary>
/// Masks secrets before any sink sees an event: properties whose names say they hold a secret, and
/// bearer tokens or key=value secrets inside string values.
/// </summary>
public sealed partial class RedactingEnricher : ILogEventEnricher
{
    public const string Mask = "***";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToArray())
        {
            if (SecretName().IsMatch(name))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Mask)));
            }
            else if (value is ScalarValue { Value: string text } && Redact(text) is var redacted && !ReferenceEquals(redacted, text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redacted)));
            }
        }
    }

    /// <summary>Returns the same instance when nothing needed masking.</summary>
    public static string Redact(string text)
    {
        if (!SecretValue().IsMatch(text))
        {
            return text;
        }

        return SecretValue().Replace(text, m => m.Groups["prefix"].Value + Mask);
    }

    [GeneratedRegex("(password|secret|token|apikey|api_key|authorization|credential|signingkey)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<prefix>\b(Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+|(?<prefix>\b(password|secret|token|api[_-]?key)\s*[=:]\s*)[^\s&;,""']+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
