using System.Text.Json;

namespace Gateway.LoadRunner;

/// <summary>Parses <c>--args</c>, a JSON object, into the argument dictionary sent with every call.</summary>
public static class ToolArguments
{
    public static IReadOnlyDictionary<string, object?> Parse(string json, Action<string> addError)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                // Clone: the values outlive the document. Shared read-only by every session.
                return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
            }

            addError($"--args must be a JSON object, not a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        }
        catch (JsonException ex)
        {
            addError($"--args is not valid JSON: {ex.Message}");
        }

        return new Dictionary<string, object?>();
    }
}
