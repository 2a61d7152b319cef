using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Tools;

/// <summary>
/// Tools that ask the client something in the middle of the call: sampling
/// (tools-call-sampling) and elicitation (tools-call-elicitation, elicitation-sep1034-defaults,
/// elicitation-sep1330-enums). A client that declared no such capability gets a tool error
/// naming it, as the scenarios ask.
/// </summary>
[McpServerToolType]
public static class ClientRequestTools
{
    [McpServerTool(Name = "test_sampling"), Description("Asks the client to sample an LLM with the prompt (sampling/createMessage, at most 100 tokens) and answers with its reply.")]
    public static async Task<CallToolResult> SamplingAsync(
        McpServer server, [Description("The prompt to send to the LLM")] string prompt, CancellationToken cancellationToken)
    {
        if (server.ClientCapabilities?.Sampling is null)
        {
            return Missing("sampling");
        }

        var reply = await server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            },
            cancellationToken);
        var text = string.Join("", reply.Content.OfType<TextContentBlock>().Select(block => block.Text));
        return Text($"LLM response: {text}");
    }

    [McpServerTool(Name = "test_elicitation"), Description("Asks the user (elicitation/create) for a username and an email address and answers with what they did.")]
    public static async Task<CallToolResult> ElicitationAsync(
        McpServer server, [Description("The message to show the user")] string message, CancellationToken cancellationToken) =>
        await ElicitAsync(server, message, ElicitationSchemas.UsernameAndEmail(), "User response", cancellationToken);

    [McpServerTool(Name = "test_elicitation_sep1034_defaults"), Description("Asks the user for five fields, each with a default value (SEP-1034).")]
    public static async Task<CallToolResult> ElicitationDefaultsAsync(McpServer server, CancellationToken cancellationToken) =>
        await ElicitAsync(server, "Please review these values; each has a default.", ElicitationSchemas.WithDefaults(), "Elicitation completed", cancellationToken);

    [McpServerTool(Name = "test_elicitation_sep1330_enums"), Description("Asks the user to choose in each of the five enum forms (SEP-1330).")]
    public static async Task<CallToolResult> ElicitationEnumsAsync(McpServer server, CancellationToken cancellationToken) =>
        await ElicitAsync(server, "Please choose an option in each list.", ElicitationSchemas.EnumVariants(), "Elicitation completed", cancellationToken);

    private static async Task<CallToolResult> ElicitAsync(
        McpServer server, string message, ElicitRequestParams.RequestSchema schema, string label, CancellationToken cancellationToken)
    {
        if (server.ClientCapabilities?.Elicitation is null)
        {
            return Missing("elicitation");
        }

        var answer = await server.ElicitAsync(new ElicitRequestParams { Message = message, RequestedSchema = schema }, cancellationToken);
        var content = answer.Content is null ? "none" : JsonSerializer.Serialize(answer.Content, McpJsonUtilities.DefaultOptions);
        return Text($"{label}: action={answer.Action}, content={content}");
    }

    private static CallToolResult Missing(string capability) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = $"The client declared no {capability} capability in initialize, so this tool cannot ask it" }],
    };

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };
}
