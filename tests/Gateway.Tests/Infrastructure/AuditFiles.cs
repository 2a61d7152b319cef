using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>A silo's audit files as an operator reads them: every line of every file under its audit directory.</summary>
public static class AuditFiles
{
    public static string DirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "audit");

    public static string[] Files(string dataDirectory) =>
        Directory.Exists(DirectoryOf(dataDirectory)) ? Directory.GetFiles(DirectoryOf(dataDirectory), "audit-*.jsonl") : [];

    /// <summary>The raw text of every file (the silo keeps the current one open for writing).</summary>
    public static string Text(string dataDirectory) =>
        string.Concat(Files(dataDirectory).Select(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }));

    public static List<JsonObject> Lines(string dataDirectory) =>
        [.. Text(dataDirectory).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    /// <summary>Waits until lines matching <paramref name="match"/> are written (the log writes in the background) and returns them.</summary>
    public static Task<List<JsonObject>> WaitForAsync(string dataDirectory, Func<JsonObject, bool> match, string what) =>
        Poll.UntilAsync(() => Task.FromResult(Lines(dataDirectory).Where(match).ToList()), found => found.Count > 0, what);
}
