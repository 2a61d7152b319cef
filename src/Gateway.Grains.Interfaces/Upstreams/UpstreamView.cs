namespace Gateway.Upstreams;

/// <summary>What the admin API shows of an upstream: its definition with secrets masked, and its status.</summary>
/// <param name="HeldTools">Tools of <paramref name="ToolCount"/> held out of the catalog until an admin approves them (tool pinning).</param>
/// <param name="Processes">The stdio processes the answering silo runs for its client sessions (0 for other transports).</param>
/// <param name="Tenant">The tenant it belongs to; null for the upstream of no tenant.</param>
/// <param name="Auth">The upstream's credential with its secret fields masked as <see cref="Headers"/> are.</param>
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
    string? Tenant,
    string State,
    string? Error,
    int ToolCount,
    int HeldTools,
    int ResourceCount,
    int PromptCount,
    int MaxProcesses,
    int Processes,
    UpstreamAuth? Auth);
