namespace Gateway.Cli.Rendering;

/// <summary>Keeps table cells to one short line.</summary>
public static class TextShortener
{
    public static string FirstLine(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var line = text.Trim();
        var newline = line.IndexOfAny(['\r', '\n']);
        if (newline >= 0)
        {
            line = line[..newline].TrimEnd() + " …";
        }

        return line.Length <= maxLength ? line : line[..(maxLength - 1)].TrimEnd() + "…";
    }
}
