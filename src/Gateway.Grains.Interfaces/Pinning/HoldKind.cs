namespace Gateway.Pinning;

/// <summary>Why a definition is held.</summary>
[GenerateSerializer, Alias("gw.HoldKind")]
public enum HoldKind
{
    /// <summary>The tool's definition is no longer the one pinned under its name.</summary>
    Changed,

    /// <summary>A name never pinned, with the body of a tool pinned under another name.</summary>
    Renamed,
}
