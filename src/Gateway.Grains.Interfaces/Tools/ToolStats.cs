namespace Gateway.Tools;

[GenerateSerializer, Immutable, Alias("gw.ToolStats")]
public sealed record ToolStats(
    string Name,
    long Calls,
    long ToolErrors,
    long Failures,
    double P50Milliseconds,
    double P99Milliseconds,
    DateTimeOffset? LastCallAt);
