using System.ComponentModel;
using Gateway.ConformanceUpstream.Media;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Prompts;

/// <summary>
/// The prompts of scenarios prompts-get-simple, -with-args, -embedded-resource and -with-image;
/// test_prompt_with_arguments is also the one completion-complete completes.
/// </summary>
[McpServerPromptType]
public static class ConformancePrompts
{
    public const string WithArguments = "test_prompt_with_arguments";

    [McpServerPrompt(Name = "test_simple_prompt"), Description("A prompt of one fixed user message.")]
    public static PromptMessage Simple() => User(new TextContentBlock { Text = "This is a simple prompt for testing." });

    [McpServerPrompt(Name = WithArguments), Description("A user message quoting both arguments.")]
    public static PromptMessage WithArgs(
        [Description("First test argument")] string arg1,
        [Description("Second test argument")] string arg2) =>
        User(new TextContentBlock { Text = $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'" });

    [McpServerPrompt(Name = "test_prompt_with_embedded_resource"), Description("A user message embedding a text resource under the given URI, then one asking to process it.")]
    public static IEnumerable<PromptMessage> WithEmbeddedResource([Description("URI of the resource to embed")] string resourceUri) =>
    [
        User(new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." },
        }),
        User(new TextContentBlock { Text = "Please process the embedded resource above." }),
    ];

    [McpServerPrompt(Name = "test_prompt_with_image"), Description("A user message with a 1x1 red PNG, then one asking to analyse it.")]
    public static IEnumerable<PromptMessage> WithImage() =>
    [
        User(ImageContentBlock.FromBytes(TestMedia.RedPixelPng, TestMedia.PngMimeType)),
        User(new TextContentBlock { Text = "Please analyze the image above." }),
    ];

    private static PromptMessage User(ContentBlock content) => new() { Role = Role.User, Content = content };
}
