using Orleans.Runtime;

namespace Gateway;

/// <summary>
/// References to string-keyed grains for the hot path. Orleans' <c>GetGrain&lt;T&gt;(key)</c>
/// resolves the interface's grain type from its attributes on every call, by reflection; the
/// type is the same for every key, so it is resolved once here and each reference is then made
/// from its grain id alone.
/// </summary>
public static class GrainReferences<TGrain>
    where TGrain : IGrainWithStringKey
{
    /// <summary>A reference, so that a thread sees either nothing or both ids, never half of them.</summary>
    private static Resolved? _resolved;

    public static TGrain Get(IGrainFactory grains, string key)
    {
        var resolved = Volatile.Read(ref _resolved) ?? Resolve(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(resolved.Type, key), resolved.Interface);
    }

    private static Resolved Resolve(IGrainFactory grains)
    {
        var probe = (GrainReference)(object)grains.GetGrain<TGrain>("-");
        var resolved = new Resolved(probe.GrainId.Type, probe.InterfaceType);
        Volatile.Write(ref _resolved, resolved);
        return resolved;
    }

    private sealed record Resolved(GrainType Type, GrainInterfaceType Interface);
}
