using System.Collections.Immutable;

namespace Gateway.Pinning;

/// <summary>What the pins grain keeps: every pin, every held definition, and the definitions admins refused.</summary>
[GenerateSerializer, Alias("gw.ToolPinsState")]
public sealed record ToolPinsState
{
    [Id(0)]
    public ImmutableList<ToolPin> Pins { get; init; } = [];

    [Id(1)]
    public ImmutableList<HeldTool> Held { get; init; } = [];

    /// <summary>Remembered so that a definition refused once is shown as refused should the upstream offer it again.</summary>
    [Id(2)]
    public ImmutableList<RejectedDefinition> Rejected { get; init; } = [];
}

/// <summary>A tool definition (by hash) an admin rejected.</summary>
[GenerateSerializer, Immutable, Alias("gw.RejectedDefinition")]
public sealed record RejectedDefinition(
    [property: Id(0)] string Upstream,
    [property: Id(1)] string Tool,
    [property: Id(2)] string Hash,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? By);
