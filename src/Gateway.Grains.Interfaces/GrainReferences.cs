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
    private static (GrainType Type, GrainInterfaceType Interface)? _resolved;

    public static TGrain Get(IGrainFactory grains, string key)
    {
        var (type, interfaceType) = _resolved ??= Resolve(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(type, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
    {
        var probe = (GrainReference)(object)grains.GetGrain<TGrain>("-");
        return (probe.GrainId.Type, probe.InterfaceType);
    }
}
