using System.CommandLine.Parsing;

namespace Gateway.Cli.Commands;

/// <summary>
/// Parses repeated <c>--header "Name: value"</c> options of <c>connect</c>. An error names the header, never its
/// value, which is often a credential. CR, LF and NUL are refused, so nothing given here can add a header line.
/// </summary>
public static class RequestHeaderParser
{
    /// <summary>Headers the bridge writes itself: a second value would break the session or the framing.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID", "Accept", "Content-Type", "Content-Length",
        "Host", "Transfer-Encoding", "Connection",
    };

    public static List<KeyValuePair<string, string>> Parse(ArgumentResult result, string optionName)
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < result.Tokens.Count; i++)
        {
            var token = result.Tokens[i].Value;
            var separator = token.IndexOf(':', StringComparison.Ordinal);
            var name = separator > 0 ? token[..separator].Trim() : "";
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                result.AddError($"{optionName} #{i + 1} must look like \"Name: value\", with a header name of letters, digits and !#$%&'*+-.^_`|~");
                continue;
            }

            var value = token[(separator + 1)..].Trim();
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                result.AddError($"{optionName} {name}: the value may not contain CR, LF or NUL");
                continue;
            }

            if (Reserved.Contains(name))
            {
                result.AddError($"{optionName} {name}: the bridge sets this header itself");
                continue;
            }

            headers.Add(new(name, value));
        }

        return headers;
    }

    // RFC 9110 section 5.6.2: tchar.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
