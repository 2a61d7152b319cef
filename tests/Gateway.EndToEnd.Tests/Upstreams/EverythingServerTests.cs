using Gateway.EndToEnd.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Upstreams;

/// <summary>The silo executable serves the npm "everything" server to the C# SDK client, merged and passed through.</summary>
public sealed class EverythingServerTests(EverythingServerFixture fixture, ITestOutputHelper output)
    : IClassFixture<EverythingServerFixture>, IDisposable
{
    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task ListTools_OnMergedEndpoint_ShowsEverythingEchoUnderItsQualifiedName()
    {
        await using var client = await Silo.ConnectAsync();

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Contains("everything__echo", names);
        Assert.DoesNotContain("echo", names);
    }

    [Fact]
    public async Task CallTool_EverythingEchoOnMergedEndpoint_ReturnsTheServersEcho()
    {
        await using var client = await Silo.ConnectAsync();

        var result = await client.CallToolAsync("everything__echo", new Dictionary<string, object?> { ["message"] = "hello" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Echo: hello", Text(result));
    }

    [Fact]
    public async Task ListTools_OnPassThroughEndpoint_ShowsEchoUnderItsOriginalName()
    {
        await using var client = await Silo.ConnectAsync(EverythingServerFixture.Upstream);

        var names = (await client.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Contains("echo", names);
        Assert.DoesNotContain("everything__echo", names);
    }

    [Fact]
    public async Task CallTool_EchoOnPassThroughEndpoint_ReturnsTheServersEcho()
    {
        await using var client = await Silo.ConnectAsync(EverythingServerFixture.Upstream);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hello" });

        Assert.Equal("Echo: hello", Text(result));
    }

    public void Dispose()
    {
        if (fixture.Silo is { } silo)
        {
            output.WriteLine(silo.Describe());
        }
    }

    private static string? Text(CallToolResult result) => result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
}
