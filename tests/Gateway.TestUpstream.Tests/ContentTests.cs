using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tests;

public sealed class ContentTests
{
    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task Resources_ListAndRead_StaticAndTemplated(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode, "--name", "up-one");
        await using var client = await upstream.ConnectAsync();

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var hello = await client.ReadResourceAsync("test://static/hello");
        var info = await client.ReadResourceAsync("test://static/info");
        var item = await client.ReadResourceAsync("test://items/42");

        Assert.Equal(["test://static/hello", "test://static/info"], resources.Select(r => r.Uri));
        Assert.Equal("test://items/{id}", Assert.Single(templates).UriTemplate);
        var helloText = Assert.IsType<TextResourceContents>(Assert.Single(hello.Contents));
        Assert.Equal("hello from up-one", helloText.Text);
        Assert.Equal("text/plain", helloText.MimeType);
        Assert.Contains("\"name\":\"up-one\"", Assert.IsType<TextResourceContents>(Assert.Single(info.Contents)).Text);
        Assert.Equal("item 42", Assert.IsType<TextResourceContents>(Assert.Single(item.Contents)).Text);
    }

    [Theory]
    [InlineData("stdio")]
    [InlineData("http")]
    public async Task Prompt_GetAndComplete(string mode)
    {
        await using var upstream = await UpstreamProcess.StartAsync(mode);
        await using var client = await upstream.ConnectAsync();

        var prompts = await client.ListPromptsAsync();
        var prompt = await client.GetPromptAsync("greet", new Dictionary<string, object?> { ["name"] = "Ada" });
        var completion = await client.CompleteAsync(new PromptReference { Name = "greet" }, "name", "al");

        Assert.Equal("greet", Assert.Single(prompts).Name);
        var message = Assert.Single(prompt.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Equal("Hello, Ada!", Assert.IsType<TextContentBlock>(message.Content).Text);
        Assert.Equal(["alice", "albert"], completion.Completion.Values);
    }
}
