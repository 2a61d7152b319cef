namespace Gateway.Runtime;

/// <summary>A state write or clear carried an ETag that no longer matches the stored record.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? expectedEtag)
    : Exception(message)
{
    public string? StoredEtag { get; } = storedEtag;

    public string? ExpectedEtag { get; } = expectedEtag;
}
