namespace Gateway.Pinning;

/// <summary>
/// The cluster's tool pins, against tool poisoning: an upstream that changes a tool's definition
/// after it was trusted (a "rug pull") must not change what models read without an admin seeing
/// it. Each tool is pinned to the hash of its definition the first time it is seen (trust on first
/// use) or when an admin approves one; a definition that differs from its pin, or that reuses a
/// pinned tool's body under a new name, is held out of the catalog until approved.
/// </summary>
[Alias("gw.IToolPinsGrain")]
public interface IToolPinsGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    /// <summary>
    /// Judges one upstream's tools as just read: pins those never seen, holds changed and renamed
    /// ones, lets go of holds the upstream reverted; returns the names to leave out of the catalog.
    /// </summary>
    [Alias("Review")]
    Task<PinVerdict> ReviewAsync(string upstream, IReadOnlyList<ToolFingerprint> tools);

    [AlwaysInterleave, ReadOnly, Alias("List")]
    Task<ToolPins> ListAsync();

    /// <summary>Pins the held definition of the tool, so that it is served again; null when none is held.</summary>
    [Alias("Approve")]
    Task<ToolPin?> ApproveAsync(string upstream, string tool, string? principal);

    /// <summary>Keeps the tool held and remembers its definition as refused; null when none is held.</summary>
    [Alias("Reject")]
    Task<HeldTool?> RejectAsync(string upstream, string tool, string? principal);
}
