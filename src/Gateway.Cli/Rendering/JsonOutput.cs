using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Rendering;

/// <summary>The <c>--json</c> output: indented, so it is readable and still valid input for <c>jq</c>.</summary>
public static class JsonOutput
{
    // Relaxed escaping: this is for a terminal, not for embedding in HTML, so "'" stays "'".
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Re-indents a JSON body as received; a body that is not JSON is printed unchanged.</summary>
    public static void WriteRaw(TextWriter writer, string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            writer.WriteLine(json);
            return;
        }

        Write(writer, node);
    }

    public static void Write(TextWriter writer, JsonNode? node) =>
        writer.WriteLine(node is null ? "null" : node.ToJsonString(Indented));
}
