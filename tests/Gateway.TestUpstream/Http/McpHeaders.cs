namespace Gateway.TestUpstream.Http;

/// <summary>HTTP header names of the Streamable HTTP transport (MCP 2025-11-25); the SDK keeps its own internal.</summary>
public static class McpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
}
