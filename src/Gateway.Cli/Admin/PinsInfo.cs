namespace Gateway.Cli.Admin;

/// <summary>What <c>GET /admin/pins</c> answers: the pinning mode, every pin, and the tool definitions held for approval.</summary>
public sealed record PinsInfo
{
    /// <summary><c>on</c> or <c>off</c> (Gateway:Catalog:Pinning).</summary>
    public string Pinning { get; init; } = "";

    public IReadOnlyList<PinInfo> Pins { get; init; } = [];

    public IReadOnlyList<HeldToolInfo> Pending { get; init; } = [];
}

/// <summary>The definition (by hash) a tool of an upstream is trusted with.</summary>
public sealed record PinInfo
{
    public string Upstream { get; init; } = "";

    public string Tool { get; init; } = "";

    /// <summary>The tool's name in the merged catalog.</summary>
    public string Name { get; init; } = "";

    public string Hash { get; init; } = "";

    public DateTimeOffset PinnedAt { get; init; }

    /// <summary>Null for a pin made when the tool was first seen.</summary>
    public string? ApprovedBy { get; init; }
}

/// <summary>A tool definition held out of the catalog until an admin approves it.</summary>
public sealed record HeldToolInfo
{
    public string Upstream { get; init; } = "";

    public string Tool { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary><c>changed</c> (differs from its pin) or <c>renamed</c> (a pinned tool's body under a new name).</summary>
    public string Kind { get; init; } = "";

    public string? PinnedHash { get; init; }

    public string Hash { get; init; } = "";

    public DateTimeOffset FirstSeen { get; init; }

    public string? Description { get; init; }

    public string? RenamedFrom { get; init; }

    public DateTimeOffset? RejectedAt { get; init; }

    public string? RejectedBy { get; init; }
}
