namespace Gateway.Transports.StreamableHttp;

/// <summary>Endpoint metadata that marks the MCP endpoints, whose failures are answered as JSON-RPC errors.</summary>
public sealed class McpEndpointMetadata
{
    public static McpEndpointMetadata Instance { get; } = new();

    private McpEndpointMetadata()
    {
    }
}
