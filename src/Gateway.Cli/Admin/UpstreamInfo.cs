namespace Gateway.Cli.Admin;

/// <summary>One upstream MCP server as the admin API reports it (secrets in env/headers arrive masked).</summary>
public sealed record UpstreamInfo
{
    public string Name { get; init; } = "";

    public string Transport { get; init; } = "";

    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary><c>config</c> (from the gateway's configuration file) or <c>admin</c> (added through this API).</summary>
    public string? Source { get; init; }

    /// <summary><c>connected</c>, <c>connecting</c>, <c>failed</c> or <c>disabled</c>.</summary>
    public string? State { get; init; }

    public string? Error { get; init; }

    public int ToolCount { get; init; }

    public int ResourceCount { get; init; }

    public int PromptCount { get; init; }
}
