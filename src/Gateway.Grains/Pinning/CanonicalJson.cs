using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Pinning;

/// <summary>
/// JSON written one way only, so that equal definitions hash equally whoever serialized them:
/// object members sorted by name in UTF-16 code units (as RFC 8785, section 3.2.3), no whitespace,
/// strings escaped only where JSON requires it (quote, backslash, control characters; RFC 8785,
/// section 3.2.2.2), numbers exactly as the upstream wrote them (unlike RFC 8785, which rewrites
/// them: 1 and 1.0 hash differently here). A writer of its own rather than Utf8JsonWriter, whose
/// escaping follows an encoder that may change between .NET versions: a pin must hash the same
/// after an upgrade.
/// </summary>
public static class CanonicalJson
{
    public static string Write(JsonElement element)
    {
        var text = new StringBuilder();
        Append(text, element);
        return text.ToString();
    }

    /// <summary>An object of the given members, written canonically.</summary>
    public static string WriteObject(IEnumerable<KeyValuePair<string, JsonElement>> members)
    {
        var text = new StringBuilder();
        AppendObject(text, members);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                AppendObject(text, element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)));
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    Append(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void AppendObject(StringBuilder text, IEnumerable<KeyValuePair<string, JsonElement>> members)
    {
        text.Append('{');
        var first = true;

        // OrderBy is stable: duplicate names (which JSON permits) keep the order they were written in.
        foreach (var (name, value) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.Append(first ? "" : ",");
            first = false;
            AppendString(text, name);
            text.Append(':');
            Append(text, value);
        }

        text.Append('}');
    }

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
