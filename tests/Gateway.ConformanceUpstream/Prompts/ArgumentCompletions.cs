using Gateway.ConformanceUpstream.Resources;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Prompts;

/// <summary>
/// completion/complete (scenario completion-complete) for the arguments of
/// test_prompt_with_arguments and the id of the data template: the candidates that start with
/// what the user typed, ignoring case. An argument with no candidates completes to nothing; a
/// prompt or template that does not exist is -32602 naming it.
/// </summary>
public static class ArgumentCompletions
{
    private static readonly Dictionary<string, string[]> PromptArguments = new(StringComparer.Ordinal)
    {
        ["arg1"] = ["paris", "park", "party", "test", "testValue1"],
        ["arg2"] = ["world", "word", "test", "testValue2"],
    };

    private static readonly string[] TemplateIds = ["1", "2", "3", "123"];

    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var request = context.Params ?? throw new McpProtocolException("completion/complete needs params", McpErrorCode.InvalidParams);
        var candidates = request.Ref switch
        {
            PromptReference { Name: ConformancePrompts.WithArguments } => PromptArguments.GetValueOrDefault(request.Argument.Name, []),
            PromptReference prompt => throw new McpProtocolException($"No prompt named '{prompt.Name}' to complete", McpErrorCode.InvalidParams),
            ResourceTemplateReference { Uri: ConformanceResources.DataTemplate } => request.Argument.Name == "id" ? TemplateIds : [],
            ResourceTemplateReference template => throw new McpProtocolException($"No resource template '{template.Uri}' to complete", McpErrorCode.InvalidParams),
            var other => throw new McpProtocolException($"Cannot complete a reference of type '{other.Type}'", McpErrorCode.InvalidParams),
        };

        var typed = request.Argument.Value ?? "";
        var values = candidates.Where(c => c.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return ValueTask.FromResult(new CompleteResult { Completion = new Completion { Values = values, Total = values.Count, HasMore = false } });
    }
}
