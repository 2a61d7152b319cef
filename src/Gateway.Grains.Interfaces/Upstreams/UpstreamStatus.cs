namespace Gateway.Upstreams;

[GenerateSerializer, Immutable, Alias("gw.UpstreamStatus")]
public sealed record UpstreamStatus(
    string Name,
    UpstreamState State,
    string? Error,
    int ToolCount,
    int ResourceCount,
    int PromptCount,
    DateTimeOffset? CatalogFetchedAt);
