using Gateway.Runtime.Membership;

namespace Gateway.Runtime.Directory;

/// <summary>
/// A silo could not activate a grain because a live activation of it is registered on another
/// silo. The cluster router forwards the call there instead (one hop), so callers never see this
/// unless the forward itself fails.
/// </summary>
public sealed class GrainActivationElsewhereException(GrainId grainId, SiloAddress owner)
    : Exception($"Grain {grainId} is already active on silo {owner}.")
{
    public GrainId GrainId { get; } = grainId;

    public SiloAddress Owner { get; } = owner;
}
