using System.Text.Json.Nodes;

namespace Gateway.Catalog;

/// <summary>
/// What an upstream declared of MCP tasks (2025-11-25, basic/utilities/tasks "Server Capabilities")
/// in its initialize: the SDK's types drop the <c>tasks</c> capability, so it is read off the raw answer.
/// </summary>
/// <param name="ToolCalls">tasks.requests.tools.call: tools/call may be task-augmented.</param>
/// <param name="List">tasks.list.</param>
/// <param name="Cancel">tasks.cancel.</param>
[GenerateSerializer, Immutable, Alias("gw.UpstreamTaskSupport")]
public sealed record UpstreamTaskSupport(bool ToolCalls, bool List, bool Cancel)
{
    /// <summary>Reads capabilities.tasks; null when the upstream declared none.</summary>
    public static UpstreamTaskSupport? Of(JsonNode? tasks) =>
        tasks is JsonObject declared
            ? new UpstreamTaskSupport(
                declared["requests"]?["tools"]?["call"] is JsonObject,
                declared["list"] is JsonObject,
                declared["cancel"] is JsonObject)
            : null;
}
