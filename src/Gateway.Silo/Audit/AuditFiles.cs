using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.Silo.Audit;

/// <summary>
/// The names of a silo's audit files as Serilog's rolling file sink makes them:
/// <c>audit-YYYYMMDD.jsonl</c>, then <c>audit-YYYYMMDD_001.jsonl</c> and on when a day's file
/// reaches its size limit. The date is the silo's local one, as the sink rolls by local time.
/// </summary>
public static partial class AuditFiles
{
    public static string PathPattern(string directory) => Path.Combine(directory, "audit-.jsonl");

    /// <summary>The files newest first; with <paramref name="since"/>, only those of its day and later.</summary>
    public static IEnumerable<string> NewestFirst(string directory, DateTimeOffset? since)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var from = since is { } s ? DateOnly.FromDateTime(s.LocalDateTime) : DateOnly.MinValue;
        return Directory.EnumerateFiles(directory, "audit-*.jsonl")
            .Select(path => (Path: path, Key: Parse(Path.GetFileName(path))))
            .Where(f => f.Key is { } key && key.Day >= from)
            .OrderByDescending(f => f.Key!.Value.Day)
            .ThenByDescending(f => f.Key!.Value.Sequence)
            .Select(f => f.Path);
    }

    /// <summary>The day and the sequence (0 for the day's first file) of a file name; null for another file.</summary>
    public static (DateOnly Day, int Sequence)? Parse(string fileName)
    {
        var match = Name().Match(fileName);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups["day"].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        var sequence = match.Groups["sequence"].Success ? int.Parse(match.Groups["sequence"].Value, CultureInfo.InvariantCulture) : 0;
        return (day, sequence);
    }

    [GeneratedRegex(@"\Aaudit-(?<day>[0-9]{8})(_(?<sequence>[0-9]{3,9}))?\.jsonl\z")]
    private static partial Regex Name();
}
