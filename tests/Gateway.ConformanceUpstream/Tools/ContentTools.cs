using System.ComponentModel;
using System.Text.Json.Nodes;
using Gateway.ConformanceUpstream.Media;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Tools;

/// <summary>
/// Tools whose results carry one kind of content each, then all of them together, and a tool
/// error: scenarios tools-call-simple-text, -image, -audio, -embedded-resource, -mixed-content, -error.
/// </summary>
[McpServerToolType]
public static class ContentTools
{
    public const string EmbeddedResourceUri = "test://embedded-resource";
    public const string MixedContentResourceUri = "test://mixed-content-resource";

    [McpServerTool(Name = "test_simple_text"), Description("Answers with one text block.")]
    public static CallToolResult SimpleText() =>
        Result(new TextContentBlock { Text = "This is a simple text response for testing." });

    [McpServerTool(Name = "test_image_content"), Description("Answers with one image block: a 1x1 red PNG.")]
    public static CallToolResult ImageContent() =>
        Result(ImageContentBlock.FromBytes(TestMedia.RedPixelPng, TestMedia.PngMimeType));

    [McpServerTool(Name = "test_audio_content"), Description("Answers with one audio block: a tenth of a second of silence as WAV.")]
    public static CallToolResult AudioContent() =>
        Result(AudioContentBlock.FromBytes(TestMedia.SilentWav, TestMedia.WavMimeType));

    [McpServerTool(Name = "test_embedded_resource"), Description("Answers with one embedded text resource.")]
    public static CallToolResult EmbeddedResource() =>
        Result(new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents
            {
                Uri = EmbeddedResourceUri,
                MimeType = "text/plain",
                Text = "This is an embedded resource content.",
            },
        });

    [McpServerTool(Name = "test_multiple_content_types"), Description("Answers with a text, an image and an embedded JSON resource, in that order.")]
    public static CallToolResult MultipleContentTypes() =>
        Result(
            new TextContentBlock { Text = "Multiple content types test:" },
            ImageContentBlock.FromBytes(TestMedia.RedPixelPng, TestMedia.PngMimeType),
            new EmbeddedResourceBlock
            {
                Resource = new TextResourceContents
                {
                    Uri = MixedContentResourceUri,
                    MimeType = "application/json",
                    Text = new JsonObject { ["test"] = "data", ["value"] = 123 }.ToJsonString(),
                },
            });

    /// <summary>A tool that runs and fails reports it in its result (isError), not as a JSON-RPC error.</summary>
    [McpServerTool(Name = "test_error_handling"), Description("Always fails: the result has isError true and says why.")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    private static CallToolResult Result(params ContentBlock[] content) => new() { Content = content };
}
