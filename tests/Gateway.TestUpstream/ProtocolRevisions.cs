namespace Gateway.TestUpstream;

/// <summary>
/// Protocol revisions as they matter here. From 2026-07-28 (SEP-2567, SEP-2575) Streamable HTTP
/// has no sessions and no initialize handshake, so the HTTP mode, whose whole point is per-session
/// state, refuses that revision and lets dual-path clients fall back to initialize, as the SDK's
/// own server does in its stateful mode. Over stdio the SDK serves 2026-07-28 itself, and there
/// logging is requested per request rather than with logging/setLevel.
/// </summary>
public static class ProtocolRevisions
{
    public const string FirstSessionless = "2026-07-28";

    public static readonly string[] WithSessions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static readonly string[] All = [.. WithSessions, FirstSessionless];

    public static bool IsKnown(string version) => All.Contains(version, StringComparer.Ordinal);

    /// <summary>2026-07-28 and later: dates compare correctly as ordinal strings.</summary>
    public static bool IsSessionless(string version) => string.CompareOrdinal(version, FirstSessionless) >= 0;
}
