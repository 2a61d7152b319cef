using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Sessions;

/// <summary>
/// Tells whether a URI could have been produced by an RFC 6570 URI template, to route
/// resources/read of a templated URI to the upstream that declared the template. Every expression
/// matches one or more characters; enough for routing, not for extracting values.
/// </summary>
public static class UriTemplateMatcher
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Matches(string template, string uri) =>
        Cache.GetOrAdd(template, Compile).IsMatch(uri);

    private static Regex Compile(string template)
    {
        var pattern = new StringBuilder("^");
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                pattern.Append(Regex.Escape(template[position..]));
                break;
            }

            pattern.Append(Regex.Escape(template[position..open]));
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                pattern.Append(Regex.Escape(template[open..]));
                break;
            }

            var op = close > open + 1 ? template[open + 1] : ' ';
            // Query and fragment expressions may be absent altogether.
            pattern.Append(op is '?' or '&' or '#' ? ".*" : ".+?");
            position = close + 1;
        }

        pattern.Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
    }
}
