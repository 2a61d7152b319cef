using System.Globalization;
using System.Text.Json;
using Gateway.TestUpstream.Sessions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.TestUpstream.Tools;

/// <summary>One tools/call request as a tool handler sees it: the SDK request context, the MCP session it arrived on, and typed argument access.</summary>
public sealed class ToolCall(RequestContext<CallToolRequestParams> request, UpstreamSession session)
{
    public RequestContext<CallToolRequestParams> Request => request;

    public UpstreamSession Session => session;

    public ProgressToken? ProgressToken => request.Params?.ProgressToken;

    /// <summary>
    /// What the client can do: declared at initialize for a session, or in this request's
    /// <c>_meta</c> on a stateless 2026-07-28 upstream, where the SDK's server reports none.
    /// </summary>
    public ClientCapabilities? ClientCapabilities => request.Server.ClientCapabilities ?? request.JsonRpcRequest.Context?.ClientCapabilities;

    public string GetString(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw InvalidArgument(name, "a string");

    public double GetNumber(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw InvalidArgument(name, "a number");

    public int GetInt32(string name, int? defaultValue = null)
    {
        if (!TryGet(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue ?? throw InvalidArgument(name, "an integer");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw InvalidArgument(name, "an integer");
    }

    public string? GetOptionalString(string name) =>
        TryGet(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static CallToolResult Text(string text, bool isError = false) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        IsError = isError ? true : null,
    };

    public static CallToolResult Text(double number) => Text(number.ToString(CultureInfo.InvariantCulture));

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return request.Params?.Arguments is { } arguments && arguments.TryGetValue(name, out value);
    }

    // MCP 2025-11-25 "Tools > Error Handling": malformed arguments are a protocol error (-32602),
    // unlike a tool that runs and fails, which reports isError in its result.
    private McpProtocolException InvalidArgument(string name, string expected) =>
        new($"Tool '{request.Params?.Name}' needs argument '{name}' as {expected}.", McpErrorCode.InvalidParams);
}
