namespace Gateway.Runtime;

/// <summary>
/// The method may run while another call of the same activation awaits. Calls still never run in
/// parallel: they interleave only at await points, on the activation's scheduler.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>
/// The caller does not wait for the call: the proxy returns a completed task at once and the
/// runtime logs failures. Only for methods returning Task or ValueTask.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>Names the grain type in grain ids (and so in storage and placement); defaults to the interface name.</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>How long an idle activation of this class lives; or keeps it active until the silo stops.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Minutes { get; init; }

    public bool AlwaysActive { get; init; }
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name; null for the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
