using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Gateway.Silo.Logging;

/// <summary>
/// The safety net for events the gateway did not write: the MCP SDK's, ASP.NET Core's, Orleans'.
/// Their parameters cannot carry the gateway's data classes, so this masks properties whose names
/// say they hold a secret, and credentials inside string values (<see cref="CredentialText"/>).
/// The gateway's own events are left alone: their secret-bearing parameters are classified and
/// redacted where they are logged (<see cref="UpstreamTextRedactor"/>), which a regex over every
/// event would only repeat.
/// </summary>
public sealed partial class RedactingEnricher : ILogEventEnricher
{
    /// <summary>The categories of the gateway's own loggers (type names, and "Gateway.Admin").</summary>
    private const string GatewayCategory = "Gateway.";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source)
            && source is ScalarValue { Value: string category }
            && category.StartsWith(GatewayCategory, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var (name, value) in logEvent.Properties.ToArray())
        {
            if (SecretName().IsMatch(name))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(CredentialText.Mask)));
            }
            else if (value is ScalarValue { Value: string text } && CredentialText.Scrub(text) is var scrubbed && !ReferenceEquals(scrubbed, text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(scrubbed)));
            }
        }
    }

    [GeneratedRegex("(password|secret|token|apikey|api_key|authorization|credential|signingkey)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
