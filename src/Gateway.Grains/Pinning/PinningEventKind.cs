namespace Gateway.Pinning;

/// <summary>What happened to a pin.</summary>
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
