using System.Text.Json;
using Gateway.Audit;

namespace Gateway.Silo.Audit;

/// <summary>
/// Answers an audit query from this silo's files: newest file first, each read from its end, until
/// the query's limit is met. Lines are written in the order their times were taken, give or take
/// the moment between stamping and queueing, so a file is read back only a minute past the query's
/// <c>since</c>. A line cut short (being written) or not an audit entry is skipped.
/// </summary>
public sealed class AuditFileReader(string directory)
{
    private static readonly TimeSpan OutOfOrder = TimeSpan.FromMinutes(1);

    public AuditLine[] Read(AuditQuery query)
    {
        var found = new List<AuditLine>();
        foreach (var file in AuditFiles.NewestFirst(directory, query.Since))
        {
            try
            {
                // The sink holds the current file open for writing; reading must let it.
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                foreach (var line in ReverseLines.Read(stream))
                {
                    if (Parse(line) is not { } entry)
                    {
                        continue;
                    }

                    if (query.Since is { } since && entry.Time < since - OutOfOrder)
                    {
                        break;
                    }

                    if (query.Matches(entry))
                    {
                        found.Add(new AuditLine(entry.Time, line));
                        if (found.Count >= query.Limit)
                        {
                            return [.. found];
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Removed by retention while the query ran.
            }
        }

        return [.. found];
    }

    public static AuditEntry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, AuditJsonContext.Default.AuditEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
