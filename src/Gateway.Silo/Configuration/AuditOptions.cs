namespace Gateway.Silo.Configuration;

/// <summary>The audit log (Gateway:Audit): every MCP request and admin change as one JSON line, in files of this silo's own.</summary>
public sealed class AuditOptions
{
    /// <summary>On by default: the lines cost one small write off the request's path.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the daily files go; null: <c>audit</c> under the data directory. Readable by the gateway's user only.</summary>
    public string? Directory { get; set; }

    /// <summary>How many files are kept (one a day, and one more each time a day's file reaches 1 GB); the oldest go first.</summary>
    public int RetainedFiles { get; set; } = 30;

    public string DirectoryUnder(string dataDirectory) => Path.GetFullPath(Directory ?? Path.Combine(dataDirectory, "audit"));
}
