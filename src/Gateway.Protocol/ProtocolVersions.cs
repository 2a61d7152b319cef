namespace Gateway.Protocol;

/// <summary>The MCP revisions the gateway speaks over Streamable HTTP, newest first.</summary>
public static class ProtocolVersions
{
    /// <summary>
    /// The session-less revision: no initialize, every request carries its version and the
    /// client's capabilities in _meta. Served beside the others on the same URLs (<see cref="IsSessionless"/>).
    /// </summary>
    public const string V2026_07_28 = "2026-07-28";

    public const string V2025_11_25 = "2025-11-25";
    public const string V2025_06_18 = "2025-06-18";
    public const string V2025_03_26 = "2025-03-26";

    /// <summary>The revision of the legacy HTTP+SSE transport: spoken on /sse only.</summary>
    public const string V2024_11_05 = "2024-11-05";

    public const string Latest = V2025_11_25;

    /// <summary>Assumed when a client sends no MCP-Protocol-Version header (spec 2025-06-18, transports).</summary>
    public const string AssumedWhenMissing = V2025_03_26;

    public static IReadOnlyList<string> Supported { get; } = [V2025_11_25, V2025_06_18, V2025_03_26];

    public static bool IsSupported(string? version) => version is V2025_11_25 or V2025_06_18 or V2025_03_26;

    /// <summary>
    /// Whether a request's MCP-Protocol-Version header names the session-less revision or a later
    /// one (revisions are dates, so they order as strings): such a request has no session, and a
    /// revision this gateway does not know is refused by the session-less door, listing the ones it knows.
    /// </summary>
    public static bool IsSessionless(string? header) =>
        header is { Length: 10 } && header[4] == '-' && header[7] == '-' && string.CompareOrdinal(header, V2026_07_28) >= 0;

    /// <summary>JSON-RPC batches: in MCP 2025-03-26, removed from 2025-06-18 on.</summary>
    public static bool AllowsBatches(string version) => version == V2025_03_26;

    /// <summary>Whether a session of this revision has MCP tasks (task augmentation came with 2025-11-25; the session-less revision's tasks are another extension).</summary>
    public static bool HasTasks(string version) => version == V2025_11_25;

    /// <summary>Spec "Version negotiation": answer the requested version when supported, else our latest.</summary>
    public static string Negotiate(string? requested) => IsSupported(requested) ? requested! : Latest;

    /// <summary>On the legacy HTTP+SSE transport, its own revision too.</summary>
    public static string NegotiateLegacy(string? requested) => requested == V2024_11_05 ? V2024_11_05 : Negotiate(requested);
}
