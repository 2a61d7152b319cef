using System.Globalization;
using System.Text;
using ModelContextProtocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// The opaque tools/list cursor: the offset of the next page, base64 encoded so that clients
/// treat it as a token rather than a number (MCP "Pagination": cursors are opaque).
/// </summary>
public static class ToolCursor
{
    private const string Prefix = "offset:";

    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        // MCP "Pagination > Error Handling": an invalid cursor is Invalid params.
        throw new McpProtocolException($"Invalid cursor '{cursor}'.", McpErrorCode.InvalidParams);
    }
}
