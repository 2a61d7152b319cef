namespace Gateway.Pinning;

/// <summary>A tool definition kept out of the catalog until an admin approves it.</summary>
/// <param name="PinnedHash">The pin it differs from; null for a renamed tool, whose name has no pin.</param>
/// <param name="FirstSeen">When the upstream first offered this definition.</param>
/// <param name="Description">The held definition's description, for the admin to read.</param>
/// <param name="RenamedFrom">For a renamed tool: the pinned tool whose body it has.</param>
/// <param name="RejectedAt">Set once an admin rejected this definition; it stays held.</param>
[GenerateSerializer, Immutable, Alias("gw.HeldTool")]
public sealed record HeldTool(
    [property: Id(0)] string Upstream,
    [property: Id(1)] string Tool,
    [property: Id(2)] HoldKind Kind,
    [property: Id(3)] string? PinnedHash,
    [property: Id(4)] string Hash,
    [property: Id(5)] string BodyHash,
    [property: Id(6)] DateTimeOffset FirstSeen,
    [property: Id(7)] string? Description,
    [property: Id(8)] string? RenamedFrom = null,
    [property: Id(9)] DateTimeOffset? RejectedAt = null,
    [property: Id(10)] string? RejectedBy = null);
