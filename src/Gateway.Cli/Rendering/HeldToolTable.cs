using System.Globalization;
using Gateway.Cli.Admin;
using Spectre.Console;

namespace Gateway.Cli.Rendering;

/// <summary>The table of <c>gateway tools pending</c>: what is held, why, since when, and what the new definition says.</summary>
public static class HeldToolTable
{
    private const int MaxDescriptionLength = 80;

    public static Table Create(IEnumerable<HeldToolInfo> held)
    {
        var table = new Table()
            .AddColumn("Name")
            .AddColumn("Kind")
            .AddColumn("Since (UTC)")
            .AddColumn("Hash (pinned → new)")
            .AddColumn("New description");
        foreach (var tool in held)
        {
            table.AddRow(
                new Text(tool.Name),
                new Text(Kind(tool), tool.RejectedAt is null ? new Style(Color.Yellow) : new Style(Color.Red)),
                new Text(tool.FirstSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                new Text($"{(tool.PinnedHash is { } pinned ? ShortHash(pinned) : "none")} → {ShortHash(tool.Hash)}"),
                new Text(TextShortener.FirstLine(tool.Description, MaxDescriptionLength)));
        }

        return table;
    }

    public static string Kind(HeldToolInfo tool)
    {
        var kind = tool.RenamedFrom is { } from ? $"{tool.Kind} from {from}" : tool.Kind;
        return tool.RejectedAt is null ? kind : $"{kind}, rejected";
    }

    /// <summary>The first 12 hex digits: enough to tell definitions apart on screen (the full hash is in --json).</summary>
    public static string ShortHash(string hash) => hash.Length <= 12 ? hash : hash[..12];
}
