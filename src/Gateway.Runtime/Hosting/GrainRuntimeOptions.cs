namespace Gateway.Runtime;

/// <summary>Settings of the local grain runtime (Orleans' GrainCollectionOptions, in short).</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>An activation unused for longer than this is deactivated, unless its class says otherwise.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long OnDeactivateAsync may run before the activation is discarded anyway.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
