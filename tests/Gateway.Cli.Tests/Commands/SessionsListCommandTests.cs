using System.Text.Json.Nodes;
using Gateway.Cli.Tests.Infrastructure;

namespace Gateway.Cli.Tests.Commands;

/// <summary><c>gateway sessions list</c> against a real silo: sessions by short hash, never by id; the viewer role needed.</summary>
public sealed class SessionsListCommandTests(ConnectGatewayFixture fixture) : IClassFixture<ConnectGatewayFixture>
{
    [Fact]
    public async Task List_ShowsTheOpenSessionByItsShortHash_WithItsPrincipal_AndNeverTheId()
    {
        await using var client = await fixture.Gateway.ConnectAsync(apiKey: ConnectGatewayFixture.UserKey);
        var id = client.SessionId!;

        var table = await CliRunner.RunAsync("--url", fixture.Gateway.BaseUrl, "--api-key", ConnectGatewayFixture.AdminKey, "sessions", "list", "--principal", "key:user");
        var json = await CliRunner.RunAsync("--url", fixture.Gateway.BaseUrl, "--api-key", ConnectGatewayFixture.AdminKey, "--json", "sessions", "list", "--principal", "key:user");

        Assert.True(table.ExitCode == 0, table.ToString());
        var hash = (string)Assert.Single(JsonNode.Parse(json.Out)!["sessions"]!.AsArray())!["session"]!;
        Assert.StartsWith("s:", hash);
        Assert.Contains(hash, table.Out);
        Assert.Contains("key:user", table.Out);
        Assert.DoesNotContain(id, table.Out + json.Out);
    }

    [Fact]
    public async Task List_WithAKeyThatIsNoViewer_FailsNamingTheRole()
    {
        var run = await CliRunner.RunAsync("--url", fixture.Gateway.BaseUrl, "--api-key", ConnectGatewayFixture.UserKey, "sessions", "list");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("viewer", run.Error + run.Out);
    }
}
