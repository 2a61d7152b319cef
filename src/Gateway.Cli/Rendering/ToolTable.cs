using ModelContextProtocol.Client;
using Spectre.Console;

namespace Gateway.Cli.Rendering;

/// <summary>The tools table of <c>gateway tools list</c>.</summary>
public static class ToolTable
{
    private const int MaxSummaryLength = 100;

    public static Table Create(IEnumerable<McpClientTool> tools)
    {
        var table = new Table().AddColumn("Name").AddColumn("Title / Description");
        foreach (var tool in tools)
        {
            table.AddRow(new Text(tool.Name), new Text(Summary(tool.Title, tool.Description)));
        }

        return table;
    }

    public static string Summary(string? title, string? description)
    {
        var text = (string.IsNullOrWhiteSpace(title), string.IsNullOrWhiteSpace(description)) switch
        {
            (false, false) => $"{title!.Trim()} — {description}",
            (false, true) => title!,
            (true, false) => description!,
            _ => "",
        };
        return TextShortener.FirstLine(text, MaxSummaryLength);
    }
}
