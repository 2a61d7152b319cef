using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Mcp;

/// <summary>
/// Requests an upstream sends the client through the gateway: the upstream session is offered the
/// client's own sampling, elicitation and roots, its requests reach the client on the client's
/// stream, and the client's answers reach the upstream; one the client never answers fails the
/// upstream's request cleanly.
/// </summary>
public sealed class ClientRequestTests(ClientRequestTests.AskingGateway fixture) : IClassFixture<ClientRequestTests.AskingGateway>
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Fact]
    public async Task Sampling_Elicitation_AndRoots_ReachTheClient_AndItsAnswersTheUpstream()
    {
        var answering = new AnsweringClient();
        var options = answering.Options("test-model", _ => "a sampled answer", name: "ada", root: "file:///work/project");
        await using var client = await _gateway.ConnectAsync(options: options);

        var sampled = await client.CallToolAsync("alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "what is 2+2?" });
        var elicited = await client.CallToolAsync("alpha__ask_elicitation", new Dictionary<string, object?> { ["message"] = "Your name?" });
        var roots = await client.CallToolAsync("alpha__list_roots");

        Assert.Equal("sampled by test-model: a sampled answer", MergedEndpointTests.Text(sampled));
        Assert.Equal(["what is 2+2?"], answering.Prompts);
        Assert.Equal("accept: ada", MergedEndpointTests.Text(elicited));
        Assert.Equal("file:///work/project", MergedEndpointTests.Text(roots));
    }

    [Fact]
    public async Task AClientThatDeclaredNoSampling_IsNotOfferedToTheUpstream()
    {
        await using var client = await _gateway.ConnectAsync();

        var refused = await Call(client, "alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "hi" });

        // The upstream saw no sampling among the capabilities its session was offered.
        Assert.Equal("the client offers no sampling", refused);
    }

    [Fact]
    public async Task ASamplingRequestTheClientNeverAnswers_FailsTheUpstreamsRequest_AndTheSessionCarriesOn()
    {
        var never = new TaskCompletionSource<CreateMessageResult>();
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers { SamplingHandler = (_, _, cancellationToken) => new ValueTask<CreateMessageResult>(never.Task.WaitAsync(cancellationToken)) },
        };
        await using var client = await _gateway.ConnectAsync(options: options);

        var failed = await Call(client, "alpha__ask_sampling", new Dictionary<string, object?> { ["prompt"] = "hello?" });
        var echo = await client.CallToolAsync("alpha__echo", new Dictionary<string, object?> { ["message"] = "still here" });

        Assert.Contains("did not answer sampling/createMessage", failed);
        Assert.Contains("Gateway:Sessions:ClientAnswerTimeout", failed);
        Assert.Equal("still here", MergedEndpointTests.Text(echo));
    }

    [Fact]
    public async Task ASamplingRequestTheUpstreamCancels_IsCancelledAtTheClient()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                SamplingHandler = async (_, _, cancellationToken) =>
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        cancelled.TrySetResult();
                        throw;
                    }

                    return new CreateMessageResult { Model = "never", Content = [] };
                },
            },
        };
        await using var client = await _gateway.ConnectAsync(options: options);

        var result = await client.CallToolAsync("alpha__ask_sampling_cancelled", new Dictionary<string, object?> { ["after_ms"] = 300 });
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("cancelled", MergedEndpointTests.Text(result));
        Assert.True(cancelled.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AnAnswerToNoPendingRequest_IsAccepted_AndChangesNothing()
    {
        var raw = new RawMcp(_gateway.Http);
        var session = await raw.InitializeAsync();

        var (status, body, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":"gw-0000","result":{"model":"x","role":"assistant","content":[]}}""", session);
        var (_, echo, _) = await raw.PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"ok"}}}""", session);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        Assert.Null(body);
        Assert.Equal("ok", (string?)echo?["result"]?["content"]?[0]?["text"]);
    }

    /// <summary>The tool's answer as text, whether the upstream made it a tool error or a JSON-RPC error.</summary>
    private static async Task<string> Call(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        try
        {
            return MergedEndpointTests.Text(await client.CallToolAsync(tool, arguments));
        }
        catch (McpException ex)
        {
            return ex.Message;
        }
    }

    public sealed class AskingGateway : IAsyncLifetime
    {
        public GatewayInstance Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var config = GatewayConfig.Config(GatewayConfig.StdioUpstream("alpha"));
            config["Sessions"] = new JsonObject { ["ClientAnswerTimeout"] = "00:00:02" };
            Gateway = await GatewayInstance.StartAsync(config);
            await Gateway.WaitForUpstreamsAsync("alpha");
        }

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }
}
