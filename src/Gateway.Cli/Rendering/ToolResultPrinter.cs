using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Cli.Rendering;

/// <summary>
/// Prints a <c>tools/call</c> result: text blocks verbatim, other content as a one-line summary, and the
/// structured content when the tool returned nothing else.
/// </summary>
public static class ToolResultPrinter
{
    public static void Print(CallToolResult result, TextWriter writer)
    {
        foreach (var block in result.Content)
        {
            writer.WriteLine(Describe(block));
        }

        if (result.Content.Count == 0 && result.StructuredContent is { } structured)
        {
            writer.WriteLine(JsonSerializer.Serialize(structured, McpJsonUtilities.DefaultOptions));
        }
    }

    public static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        ImageContentBlock image => $"[image {image.MimeType}, {Size(image.Data.Length)}]",
        AudioContentBlock audio => $"[audio {audio.MimeType}, {Size(audio.Data.Length)}]",
        EmbeddedResourceBlock embedded => $"[resource {embedded.Resource.Uri}{Mime(embedded.Resource.MimeType)}]",
        ResourceLinkBlock link => $"[resource link {link.Name}: {link.Uri}{Mime(link.MimeType)}]",
        _ => $"[{block.Type} content]",
    };

    // Base64 carries 3 bytes in 4 characters; close enough for a summary line.
    private static string Size(int base64Length) =>
        string.Create(CultureInfo.InvariantCulture, $"~{base64Length / 4 * 3} bytes");

    private static string Mime(string? mimeType) => string.IsNullOrEmpty(mimeType) ? "" : $" ({mimeType})";
}
