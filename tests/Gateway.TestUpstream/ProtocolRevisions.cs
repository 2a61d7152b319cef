namespace Gateway.TestUpstream;

/// <summary>
/// Protocol revisions as they matter here. From 2026-07-28 (SEP-2567, SEP-2575) Streamable HTTP
/// has no sessions and no initialize handshake: the HTTP mode, whose whole point is per-session
/// state, leaves the SDK to refuse that revision (so dual-path clients fall back to initialize),
/// and <c>--stateless</c> serves nothing else. Over stdio the SDK serves 2026-07-28 itself, and
/// there logging is requested per request rather than with logging/setLevel.
/// </summary>
public static class ProtocolRevisions
{
    public const string FirstSessionless = "2026-07-28";

    /// <summary>
    /// What a server assumes of a request without an MCP-Protocol-Version header (MCP 2025-06-18
    /// "Transports > Protocol Version Header"): only initialize-based revisions omit it.
    /// </summary>
    public const string AssumedWithoutHeader = "2025-03-26";

    /// <summary>2026-07-28 and later: dates compare correctly as ordinal strings.</summary>
    public static bool IsSessionless(string version) => string.CompareOrdinal(version, FirstSessionless) >= 0;
}
