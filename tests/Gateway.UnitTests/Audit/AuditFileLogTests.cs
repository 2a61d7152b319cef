using System.Text.Json.Nodes;
using Gateway.Audit;
using Gateway.Silo.Audit;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.UnitTests.Audit;

/// <summary>
/// The audit file as the silo writes it (Serilog's async file sink under <see cref="AuditFileLog"/>)
/// and as <see cref="AuditFileReader"/> reads it back: one compact JSON line per entry, stamped
/// with time and silo, fields that do not apply left out; queries newest first.
/// </summary>
public sealed class AuditFileLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audit-log-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void AnEntry_IsOneLine_StampedWithTimeAndSilo_WithoutTheFieldsThatDoNotApply()
    {
        WriteAll(new AuditEntry { Kind = AuditKinds.Mcp, Principal = "key:ana", Method = "tools/call", Tool = "fixed__echo", Outcome = AuditOutcomes.Ok, ArgumentsBytes = 30 });

        var text = File.ReadAllText(Assert.Single(Directory.GetFiles(_directory)));
        var line = JsonNode.Parse(text)!.AsObject();

        Assert.EndsWith("}\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Start, (DateTimeOffset)line["time"]!);
        Assert.Equal("127.0.0.1:11111@1", (string?)line["silo"]);
        Assert.Equal(["time", "silo", "kind", "principal", "method", "tool", "outcome", "argumentsBytes"], line.Select(p => p.Key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Directory.GetFiles(_directory)[0]));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        }
    }

    [Fact]
    public void Reader_AnswersNewestFirst_Filtered_UpToTheLimit_SkippingLinesThatAreNotEntries()
    {
        WriteAll(
            Entry("key:ana", "fixed__echo"),
            Entry("key:bob", "fixed__echo"),
            Entry("key:ana", "fixed__add"),
            Entry("key:ana", "fixed__echo"));
        File.AppendAllText(Directory.GetFiles(_directory)[0], "not json\n{\"kind\":\"mcp\"}\n{\"time\":\"2026-12-01T09:0");
        var reader = new AuditFileReader(_directory);

        var ana = reader.Read(new AuditQuery("key:ana", null, null, 10));
        var echo = reader.Read(new AuditQuery(null, "fixed__echo", null, 2));
        var late = reader.Read(new AuditQuery(null, null, Start.AddSeconds(2), 10));

        Assert.Equal([Start.AddSeconds(3), Start.AddSeconds(2), Start], ana.Select(l => l.Time));
        Assert.Equal([Start.AddSeconds(3), Start.AddSeconds(1)], echo.Select(l => l.Time));
        Assert.Equal([Start.AddSeconds(3), Start.AddSeconds(2)], late.Select(l => l.Time));
        Assert.All(ana, l => Assert.Equal("key:ana", (string?)JsonNode.Parse(l.Json)!["principal"]));
    }

    [Fact]
    public void Reader_OfADirectoryWithNoFiles_AnswersNothing() =>
        Assert.Empty(new AuditFileReader(_directory).Read(new AuditQuery(null, null, null, 10)));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static AuditEntry Entry(string principal, string tool) =>
        new() { Kind = AuditKinds.Mcp, Principal = principal, Method = "tools/call", Tool = tool, Outcome = AuditOutcomes.Ok };

    /// <summary>Writes the entries a second apart; disposing the log writes out its queue.</summary>
    private void WriteAll(params AuditEntry[] entries)
    {
        using var log = new AuditFileLog(_directory, retainedFiles: 3, _time, "127.0.0.1:11111@1");
        foreach (var entry in entries)
        {
            log.Write(entry);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
