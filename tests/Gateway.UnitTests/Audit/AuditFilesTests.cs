using Gateway.Silo.Audit;

namespace Gateway.UnitTests.Audit;

/// <summary>The rolling sink's file names read back as a day and a sequence, newest first; other files are not audit files.</summary>
public sealed class AuditFilesTests
{
    [Theory]
    [InlineData("audit-20261201.jsonl", 2026, 12, 1, 0)]
    [InlineData("audit-20261201_001.jsonl", 2026, 12, 1, 1)]
    [InlineData("audit-20261231_012.jsonl", 2026, 12, 31, 12)]
    public void Parse_ReadsDayAndSequence(string name, int year, int month, int day, int sequence) =>
        Assert.Equal((new DateOnly(year, month, day), sequence), AuditFiles.Parse(name));

    [Theory]
    [InlineData("audit-.jsonl")]
    [InlineData("audit-20261301.jsonl")]
    [InlineData("audit-20261201.json")]
    [InlineData("audit-20261201.jsonl.bak")]
    [InlineData("other-20261201.jsonl")]
    public void Parse_RefusesOtherNames(string name) => Assert.Null(AuditFiles.Parse(name));

    [Fact]
    public void NewestFirst_OrdersByDayThenSequence_AndStartsAtTheDayOfSince()
    {
        var directory = Directory.CreateTempSubdirectory("audit-files-").FullName;
        try
        {
            foreach (var name in new[] { "audit-20261130.jsonl", "audit-20261201.jsonl", "audit-20261201_001.jsonl", "audit-20261202.jsonl", "notes.txt" })
            {
                File.WriteAllText(Path.Combine(directory, name), "");
            }

            var all = AuditFiles.NewestFirst(directory, null).Select(Path.GetFileName);
            var since = AuditFiles.NewestFirst(directory, new DateTimeOffset(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Local))).Select(Path.GetFileName);

            Assert.Equal(["audit-20261202.jsonl", "audit-20261201_001.jsonl", "audit-20261201.jsonl", "audit-20261130.jsonl"], all);
            Assert.Equal(["audit-20261202.jsonl", "audit-20261201_001.jsonl", "audit-20261201.jsonl"], since);
            Assert.Empty(AuditFiles.NewestFirst(Path.Combine(directory, "missing"), null));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
