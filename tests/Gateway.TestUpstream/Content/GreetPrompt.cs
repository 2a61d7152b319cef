using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Content;

/// <summary>The single prompt, <c>greet</c>, and completion for its <c>name</c> argument.</summary>
public static class GreetPrompt
{
    public const string Name = "greet";
    public const string ArgumentName = "name";

    private static readonly string[] s_knownNames = ["alice", "albert", "bob"];

    public static ListPromptsResult List() => new()
    {
        Prompts =
        [
            new Prompt
            {
                Name = Name,
                Description = "Greets someone by name.",
                Arguments = [new PromptArgument { Name = ArgumentName, Description = "Who to greet.", Required = true }],
            },
        ],
    };

    public static GetPromptResult Get(GetPromptRequestParams? request)
    {
        if (request?.Name != Name)
        {
            throw new McpProtocolException($"Unknown prompt '{request?.Name}'.", McpErrorCode.InvalidParams);
        }

        if (request.Arguments is null || !request.Arguments.TryGetValue(ArgumentName, out var value) ||
            value.ValueKind != JsonValueKind.String || value.GetString() is not { } who)
        {
            throw new McpProtocolException($"Prompt '{Name}' needs argument '{ArgumentName}'.", McpErrorCode.InvalidParams);
        }

        return new GetPromptResult
        {
            Description = "A greeting.",
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"Hello, {who}!" } }],
        };
    }

    public static CompleteResult Complete(CompleteRequestParams? request)
    {
        string[] values = request is { Ref: PromptReference { Name: Name }, Argument.Name: ArgumentName }
            ? [.. s_knownNames.Where(n => n.StartsWith(request.Argument.Value ?? "", StringComparison.Ordinal))]
            : [];

        return new CompleteResult { Completion = new Completion { Values = values, Total = values.Length, HasMore = false } };
    }
}
