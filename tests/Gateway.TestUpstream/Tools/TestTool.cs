using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>Runs one tool call and produces its result.</summary>
public delegate ValueTask<CallToolResult> ToolHandler(ToolCall call, CancellationToken cancellationToken);

/// <summary>A tool as advertised in tools/list, paired with the code that serves tools/call.</summary>
public sealed record TestTool(Tool Definition, ToolHandler Handler)
{
    public string Name => Definition.Name;
}
