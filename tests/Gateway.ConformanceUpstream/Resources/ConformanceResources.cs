using System.ComponentModel;
using System.Text.Json.Nodes;
using Gateway.ConformanceUpstream.Media;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Resources;

/// <summary>
/// The resources the scenarios read: a text and a binary one (resources-read-text, -binary), a
/// template that puts its parameter into the content (resources-templates-read), and the one
/// they subscribe to (resources-subscribe, -unsubscribe).
/// </summary>
[McpServerResourceType]
public static class ConformanceResources
{
    public const string StaticTextUri = "test://static-text";
    public const string StaticBinaryUri = "test://static-binary";
    public const string WatchedUri = "test://watched-resource";
    public const string DataTemplate = "test://template/{id}/data";

    /// <summary>The resources a client may subscribe to: every direct one.</summary>
    public static IReadOnlySet<string> DirectUris { get; } = new HashSet<string>(StringComparer.Ordinal) { StaticTextUri, StaticBinaryUri, WatchedUri };

    [McpServerResource(UriTemplate = StaticTextUri, Name = "static-text", MimeType = "text/plain"), Description("A fixed text.")]
    public static TextResourceContents StaticText() => new()
    {
        Uri = StaticTextUri,
        MimeType = "text/plain",
        Text = "This is the content of the static text resource.",
    };

    [McpServerResource(UriTemplate = StaticBinaryUri, Name = "static-binary", MimeType = TestMedia.PngMimeType), Description("A 1x1 red PNG, base64 in blob.")]
    public static BlobResourceContents StaticBinary() =>
        BlobResourceContents.FromBytes(TestMedia.RedPixelPng, StaticBinaryUri, TestMedia.PngMimeType);

    [McpServerResource(UriTemplate = WatchedUri, Name = "watched-resource", MimeType = "text/plain"), Description("A text clients may subscribe to.")]
    public static TextResourceContents Watched() => new()
    {
        Uri = WatchedUri,
        MimeType = "text/plain",
        Text = "This resource may be watched with resources/subscribe.",
    };

    [McpServerResource(UriTemplate = DataTemplate, Name = "template-data", MimeType = "application/json"), Description("JSON naming the id in the URI.")]
    public static TextResourceContents TemplateData([Description("Any id; it is echoed in the content")] string id) => new()
    {
        Uri = DataTemplate.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal),
        MimeType = "application/json",
        Text = new JsonObject { ["id"] = id, ["templateTest"] = true, ["data"] = $"Data for ID: {id}" }.ToJsonString(),
    };
}
