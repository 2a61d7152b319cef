namespace Gateway.Pinning;

/// <summary>Something that happened to a tool's pin, for the log and the audit trail.</summary>
/// <param name="Hash">The definition the event is about.</param>
/// <param name="PinnedHash">The pin it differs from (held), or the pin it replaced (approved).</param>
/// <param name="Hold">Why it is held (held, rejected).</param>
/// <param name="RenamedFrom">For a renamed tool, the pinned tool whose body it has.</param>
/// <param name="Principal">Who approved or rejected it.</param>
public sealed record PinningEvent(
    PinningEventKind Kind,
    string Upstream,
    string Tool,
    string Hash,
    string? PinnedHash,
    DateTimeOffset At,
    HoldKind? Hold = null,
    string? RenamedFrom = null,
    string? Principal = null);
