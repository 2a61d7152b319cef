using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Cli.Hosting;

namespace Gateway.Cli.Admin;

/// <summary>
/// Turns an error response into text for the user: an RFC 9457 problem document's <c>detail</c> (or <c>title</c>)
/// followed by its validation <c>errors</c>, or the plain body when the response is not a problem document.
/// </summary>
public static class ProblemDetailsFormatter
{
    private const int MaxPlainBodyLength = 300;

    public static string Format(HttpStatusCode status, string? body)
    {
        var text = TryFormatProblem(body);
        if (text is not null)
        {
            return text;
        }

        var fallback = $"the gateway answered {StatusText.Of(status)}";
        var trimmed = body?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return fallback;
        }

        return fallback + ": " + (trimmed.Length > MaxPlainBodyLength ? trimmed[..MaxPlainBodyLength] + "…" : trimmed);
    }

    /// <summary>The problem document's text, or <see langword="null"/> when <paramref name="body"/> is not one.</summary>
    public static string? TryFormatProblem(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var headline = ReadString(root, "detail") ?? ReadString(root, "title");
            var lines = new StringBuilder(headline);
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    // Servers often repeat the only field error as the detail; say it once.
                    foreach (var message in Messages(field.Value).Where(m => m != headline))
                    {
                        if (lines.Length > 0)
                        {
                            lines.Append('\n');
                        }

                        lines.Append("  ").Append(field.Name).Append(": ").Append(message);
                    }
                }
            }

            return lines.Length > 0 ? lines.ToString() : null;
        }
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static IEnumerable<string> Messages(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText()),
        JsonValueKind.String => [value.GetString()!],
        _ => [value.GetRawText()],
    };
}
