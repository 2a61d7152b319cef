using System.Text.Json;
using System.CommandLine.Parsing;

namespace Gateway.Cli.Commands;

/// <summary>Parses <c>--args</c>: a JSON object whose properties become the tool's arguments.</summary>
public static class ToolArgumentsParser
{
    public static Dictionary<string, object?> Parse(string json, Action<string> addError)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            addError($"--args is not valid JSON: {ex.Message}");
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                addError($"--args must be a JSON object like {{\"name\":\"value\"}}, not a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                return [];
            }

            // Clone: the elements must outlive the document, which is disposed here.
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
        }
    }

    public static Dictionary<string, object?> Parse(ArgumentResult result) =>
        Parse(result.Tokens.Count == 0 ? "{}" : result.Tokens[^1].Value, result.AddError);
}
