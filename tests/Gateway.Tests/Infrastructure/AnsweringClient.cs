using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A client's answers to what an upstream asks it through the gateway: sampling answered by a
/// model of the test's choosing (the prompts it was asked are recorded), elicitation accepted with
/// a name, roots listed. Only what the test gives is declared, so the client offers nothing else.
/// </summary>
public sealed class AnsweringClient
{
    private readonly List<string> _prompts = [];

    /// <summary>The first message of each sampling request, in the order asked.</summary>
    public List<string> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    /// <param name="model">The model sampling answers as, with the text <paramref name="sample"/> makes of the prompt.</param>
    /// <param name="name">The name elicitation accepts with; null: no elicitation offered.</param>
    /// <param name="root">The one root listed; null: no roots offered.</param>
    public McpClientOptions Options(string model, Func<string, string> sample, string? name = null, string? root = null)
    {
        var handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, _) =>
            {
                var prompt = request!.Messages[0].Content.OfType<TextContentBlock>().Single().Text;
                lock (_prompts)
                {
                    _prompts.Add(prompt);
                }

                return ValueTask.FromResult(new CreateMessageResult { Model = model, Content = [new TextContentBlock { Text = sample(prompt) }] });
            },
        };
        if (name is not null)
        {
            handlers.ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement(name) },
            });
        }

        if (root is not null)
        {
            handlers.RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = root }] });
        }

        return new McpClientOptions { Handlers = handlers };
    }
}
