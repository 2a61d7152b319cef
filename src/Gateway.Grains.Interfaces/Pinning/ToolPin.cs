namespace Gateway.Pinning;

/// <summary>The definition a tool of an upstream is trusted with.</summary>
/// <param name="FirstSeen">When the gateway first saw a tool of this name on this upstream.</param>
/// <param name="PinnedAt">When this definition became the pin: first sight, or its approval.</param>
/// <param name="ApprovedBy">The admin who approved it; null for a pin made on first sight.</param>
[GenerateSerializer, Immutable, Alias("gw.ToolPin")]
public sealed record ToolPin(
    [property: Id(0)] string Upstream,
    [property: Id(1)] string Tool,
    [property: Id(2)] string Hash,
    [property: Id(3)] string BodyHash,
    [property: Id(4)] DateTimeOffset FirstSeen,
    [property: Id(5)] DateTimeOffset PinnedAt,
    [property: Id(6)] string? ApprovedBy);
