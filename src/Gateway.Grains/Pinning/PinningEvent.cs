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

public enum PinningEventKind
{
    /// <summary>A tool seen for the first time, pinned and served (trust on first use).</summary>
    Pinned,

    /// <summary>A definition held out of the catalog: changed from its pin, or a renamed pinned tool.</summary>
    Held,

    /// <summary>A held tool whose upstream went back to the pinned definition: served again without approval.</summary>
    Restored,

    /// <summary>A held definition the upstream no longer lists: nothing is left to approve.</summary>
    Withdrawn,

    /// <summary>An admin pinned a held definition: the tool is served with it.</summary>
    Approved,

    /// <summary>An admin refused a held definition: it stays held.</summary>
    Rejected,
}
