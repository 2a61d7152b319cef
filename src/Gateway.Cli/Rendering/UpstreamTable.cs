using Gateway.Cli.Admin;
using Spectre.Console;

namespace Gateway.Cli.Rendering;

/// <summary>The upstreams table of <c>gateway upstreams list</c> and <c>add</c>.</summary>
public static class UpstreamTable
{
    private const int MaxTargetLength = 60;
    private const int MaxErrorLength = 60;

    public static Table Create(IEnumerable<UpstreamInfo> upstreams)
    {
        var table = new Table()
            .AddColumn("Name")
            .AddColumn("Transport")
            .AddColumn("Target")
            .AddColumn("Source")
            .AddColumn("State")
            .AddColumn(new TableColumn("Tools").RightAligned())
            .AddColumn("Error");
        foreach (var upstream in upstreams)
        {
            table.AddRow(
                new Text(upstream.Name),
                new Text(upstream.Transport),
                new Text(TextShortener.FirstLine(Target(upstream), MaxTargetLength)),
                new Text(upstream.Source ?? ""),
                new Text(upstream.State ?? "", StateStyle(upstream.State)),
                new Text(upstream.ToolCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(TextShortener.FirstLine(upstream.Error, MaxErrorLength), new Style(Color.Red)));
        }

        return table;
    }

    /// <summary>Where the upstream lives: its URL, or its command line with arguments quoted where needed.</summary>
    public static string Target(UpstreamInfo upstream)
    {
        if (!string.IsNullOrEmpty(upstream.Url))
        {
            return upstream.Url;
        }

        var parts = new List<string>();
        if (!string.IsNullOrEmpty(upstream.Command))
        {
            parts.Add(Quote(upstream.Command));
        }

        parts.AddRange((upstream.Args ?? []).Select(Quote));
        return string.Join(' ', parts);
    }

    private static string Quote(string word) =>
        word.Length == 0 || word.Any(char.IsWhiteSpace) || word.Contains('"') ? "\"" + word.Replace("\"", "\\\"") + "\"" : word;

    private static Style StateStyle(string? state) => state switch
    {
        "connected" => new Style(Color.Green),
        "connecting" => new Style(Color.Yellow),
        "failed" => new Style(Color.Red),
        _ => new Style(Color.Grey),
    };
}
