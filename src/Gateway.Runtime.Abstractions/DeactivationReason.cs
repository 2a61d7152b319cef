namespace Gateway.Runtime;

public enum DeactivationReason
{
    /// <summary>Unused for longer than its collection age.</summary>
    Idle,

    /// <summary>The grain called DeactivateOnIdle.</summary>
    Requested,

    /// <summary>The silo is stopping.</summary>
    Shutdown,

    /// <summary>Activation failed, or the activation was found in a broken state.</summary>
    Error,
}
