namespace Gateway.Runtime.Membership;

/// <summary>
/// Where a silo is in its life, as the membership table records it. A silo moves forward only:
/// Joining, Active, ShuttingDown, Dead. Dead is final for that generation; a restarted process
/// joins again under a new generation.
/// </summary>
public enum SiloStatus
{
    /// <summary>Its row is in the table, but it does not serve grains yet.</summary>
    Joining = 1,

    /// <summary>Serving: part of every membership view, so placement may choose it.</summary>
    Active = 2,

    /// <summary>Leaving on purpose: no longer chosen by placement while it hands its grains off.</summary>
    ShuttingDown = 3,

    /// <summary>Gone, because it left or because another silo saw its heartbeat go stale.</summary>
    Dead = 4,
}
