using Gateway.Silo.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace Gateway.UnitTests.Logging;

public sealed class RedactingEnricherTests
{
    [Fact]
    public void Enrich_MasksSecretNamedProperties_AndTokensInsideValues()
    {
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"),
        [
            new LogEventProperty("ApiKey", new ScalarValue("k-123")),
            new LogEventProperty("Authorization", new ScalarValue("Bearer abc.def")),
            new LogEventProperty("Header", new ScalarValue("sent Bearer eyJhbGciOi.payload.sig to upstream")),
            new LogEventProperty("Query", new ScalarValue("https://x/?api_key=hunter2&page=2")),
            new LogEventProperty("Upstream", new ScalarValue("elk-1")),
        ]);

        new RedactingEnricher().Enrich(logEvent, null!);

        string Value(string name) => ((ScalarValue)logEvent.Properties[name]).Value!.ToString()!;
        Assert.Equal("***", Value("ApiKey"));
        Assert.Equal("***", Value("Authorization"));
        Assert.Equal("sent Bearer *** to upstream", Value("Header"));
        Assert.DoesNotContain("hunter2", Value("Query"));
        Assert.Contains("page=2", Value("Query"));
        Assert.Equal("elk-1", Value("Upstream"));
    }
}
