using Gateway.Silo.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Gateway.UnitTests.Logging;

/// <summary>The safety net masks other libraries' events; the gateway's own are redacted by classification where they are logged.</summary>
public sealed class RedactingEnricherTests
{
    [Fact]
    public void Enrich_MasksSecretNamedProperties_AndTokensInsideValues_OfOtherLibrariesEvents()
    {
        var logEvent = Event("ModelContextProtocol.Client.McpClient",
            ("ApiKey", "k-123"),
            ("Authorization", "Bearer abc.def"),
            ("Header", "sent Bearer eyJhbGciOi.payload.sig to upstream"),
            ("Query", "https://x/?api_key=hunter2&page=2"),
            ("Endpoint", "https://bob:hunter3@mcp.example/mcp"),
            ("Upstream", "elk-1"));

        new RedactingEnricher().Enrich(logEvent, null!);

        Assert.Equal("***", Value(logEvent, "ApiKey"));
        Assert.Equal("***", Value(logEvent, "Authorization"));
        Assert.Equal("sent Bearer *** to upstream", Value(logEvent, "Header"));
        Assert.Equal("https://x/?api_key=***&page=2", Value(logEvent, "Query"));
        Assert.Equal("https://***@mcp.example/mcp", Value(logEvent, "Endpoint"));
        Assert.Equal("elk-1", Value(logEvent, "Upstream"));
    }

    [Fact]
    public void Enrich_LeavesTheGatewaysOwnEventsToTheirClassification()
    {
        var logEvent = Event("Gateway.Upstreams.UpstreamGrain", ("Error", "Bearer abc.def"));

        new RedactingEnricher().Enrich(logEvent, null!);

        Assert.Equal("Bearer abc.def", Value(logEvent, "Error"));
    }

    private static LogEvent Event(string category, params (string Name, string Value)[] properties) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"),
            [new LogEventProperty("SourceContext", new ScalarValue(category)), .. properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value)))]);

    private static string Value(LogEvent logEvent, string name) => ((ScalarValue)logEvent.Properties[name]).Value!.ToString()!;
}
