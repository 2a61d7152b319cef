using System.Net.Http.Headers;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.EndToEnd.Tests.Hosting;

/// <summary>The silo's request log (Serilog request logging): refusals show at the default level, secrets never do.</summary>
public sealed class RequestLoggingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARefusedRequest_IsLoggedWithItsPathAndStatus_ButNotItsQueryStringOrHeaders()
    {
        await using var silo = await SiloProcess.StartAsync(GatewayConfig.Config(), output);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/servers/nobody/mcp?access_token=hunter2-query")
        {
            Content = new StringContent(RawMcp.InitializeBody, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "hunter2-header");

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(silo.Output.Text.Contains("\"RequestPath\":\"/servers/nobody/mcp\"", StringComparison.Ordinal)),
            "the request's log event");
        Assert.Contains("\"StatusCode\":404", silo.Output.Text);
        Assert.DoesNotContain("hunter2", silo.Output.Text);
    }
}
