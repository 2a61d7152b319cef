using Gateway.Runtime;

namespace Gateway.Persistence.Schema;

internal static class StateConflict
{
    public static InconsistentStateException Create(
        string operation, string stateName, GrainId grainId, string? expectedEtag, string? storedEtag) =>
        new(
            $"Cannot {operation} state '{stateName}' of grain {grainId}: expected ETag '{expectedEtag ?? "(none)"}', " +
            $"stored ETag '{storedEtag ?? "(none)"}'.",
            storedEtag,
            expectedEtag);

    /// <summary>A fresh ETag: 128 random bits, so no two writes anywhere produce the same one.</summary>
    public static string NewEtag() => Guid.NewGuid().ToString("N");
}
