namespace Gateway.Upstreams;

/// <summary>
/// How to reach one upstream MCP server. Bound from the config file (Gateway:Upstreams) and from
/// the admin API; it never leaves the gateway with its secrets (see <see cref="UpstreamView"/>).
/// </summary>
public sealed record UpstreamDefinition
{
    public string Name { get; init; } = "";

    /// <summary>"stdio", "http" (Streamable HTTP) or "sse" (legacy HTTP+SSE).</summary>
    public string Transport { get; init; } = UpstreamTransports.Stdio;

    public string? Command { get; init; }

    public string[] Args { get; init; } = [];

    public Dictionary<string, string> Env { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    public string? Url { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>
    /// A stateless upstream shares one connection among all client sessions; otherwise each client
    /// session gets its own upstream session, so state never leaks between clients.
    /// </summary>
    public bool Stateless { get; init; }

    public string[] Tags { get; init; } = [];

    /// <summary>Upper bound on one forwarded request, in seconds.</summary>
    public double CallTimeoutSeconds { get; init; } = 300;
}
