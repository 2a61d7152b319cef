namespace Gateway.Pinning;

/// <summary>What the pins know of one tool as an upstream lists it, computed once per catalog read.</summary>
/// <param name="Name">The upstream's own name of the tool.</param>
/// <param name="Hash">SHA-256 (lowercase hex) of its canonical definition.</param>
/// <param name="BodyHash">The same without the name: finds a pinned tool that reappears under another name.</param>
/// <param name="Description">Kept with a held definition, for the admin to read before approving it.</param>
[GenerateSerializer, Immutable, Alias("gw.ToolFingerprint")]
public sealed record ToolFingerprint(
    [property: Id(0)] string Name,
    [property: Id(1)] string Hash,
    [property: Id(2)] string BodyHash,
    [property: Id(3)] string? Description);
