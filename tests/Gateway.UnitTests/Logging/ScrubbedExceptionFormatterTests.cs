using Gateway.Silo.Logging;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Gateway.UnitTests.Logging;

/// <summary>An exception's text is scrubbed of credentials where the line is written, whoever logged it.</summary>
public sealed class ScrubbedExceptionFormatterTests
{
    [Fact]
    public void Format_MasksCredentialsInTheExceptionAndItsInnerOnes_AndKeepsTheRest()
    {
        var inner = new InvalidOperationException("token endpoint said access_token=tok-9f2 for client_secret=s3cr3t");
        var failure = new HttpRequestException("POST https://bob:hunter2@auth.example/token failed with Bearer eyJ.abc.def", inner);

        var line = Write(failure);

        Assert.DoesNotContain("tok-9f2", line);
        Assert.DoesNotContain("s3cr3t", line);
        Assert.DoesNotContain("hunter2", line);
        Assert.DoesNotContain("eyJ.abc.def", line);
        Assert.Contains("System.Net.Http.HttpRequestException", line);
        Assert.Contains("auth.example/token failed with Bearer ***", line);
        Assert.Contains("\"Upstream\":\"elk-1\"", line);
    }

    [Fact]
    public void Format_WithoutAnException_WritesWhatTheInnerFormatterWrites()
    {
        var plain = Event(null);
        using var expected = new StringWriter();
        new JsonFormatter(renderMessage: true).Format(plain, expected);

        using var written = new StringWriter();
        new ScrubbedExceptionFormatter(new JsonFormatter(renderMessage: true)).Format(plain, written);

        Assert.Equal(expected.ToString(), written.ToString());
    }

    private static string Write(Exception exception)
    {
        using var output = new StringWriter();
        new ScrubbedExceptionFormatter(new JsonFormatter(renderMessage: true)).Format(Event(exception), output);
        return output.ToString();
    }

    private static LogEvent Event(Exception? exception) => new(
        DateTimeOffset.UtcNow,
        LogEventLevel.Warning,
        exception,
        new MessageTemplateParser().Parse("upstream {Upstream} failed"),
        [new LogEventProperty("Upstream", new ScalarValue("elk-1"))]);
}
