namespace Gateway.Upstreams;

/// <summary>What the admin API shows of an upstream: its definition with secrets masked, and its status.</summary>
public sealed record UpstreamView(
    string Name,
    string Transport,
    string? Command,
    string[] Args,
    Dictionary<string, string> Env,
    string? Url,
    Dictionary<string, string> Headers,
    bool Stateless,
    string[] Tags,
    string Source,
    string State,
    string? Error,
    int ToolCount,
    int ResourceCount,
    int PromptCount);
