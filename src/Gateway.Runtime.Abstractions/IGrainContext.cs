namespace Gateway.Runtime;

/// <summary>What the runtime gives an activation: its identity and its hooks into the runtime.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void DeactivateOnIdle();

    /// <summary>Registers a timer whose callbacks run as turns of this activation.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerOptions options);
}
