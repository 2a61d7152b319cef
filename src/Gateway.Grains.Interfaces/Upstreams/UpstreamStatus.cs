namespace Gateway.Upstreams;

/// <param name="ToolCount">The tools the upstream lists, held ones included.</param>
/// <param name="HeldTools">Those of its tools held out of the catalog until an admin approves them (tool pinning).</param>
[GenerateSerializer, Immutable, Alias("gw.UpstreamStatus")]
public sealed record UpstreamStatus(
    string Name,
    UpstreamState State,
    string? Error,
    int ToolCount,
    int ResourceCount,
    int PromptCount,
    DateTimeOffset? CatalogFetchedAt,
    int HeldTools = 0);
