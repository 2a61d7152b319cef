using System.Reflection;

namespace Gateway.Runtime.Storage;

/// <summary>
/// A grain constructor parameter marked [PersistentState]: knows how to make the
/// <see cref="PersistentState{TState}"/> it receives for a given grain.
/// </summary>
internal sealed class PersistentStateParameter
{
    private static readonly MethodInfo s_create =
        typeof(PersistentStateParameter).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<string, GrainId, IGrainStorage, IPersistentStateBinding> _create;

    public PersistentStateParameter(Type parameterType, PersistentStateAttribute attribute)
    {
        ParameterType = parameterType;
        StateName = attribute.StateName;
        StorageName = attribute.StorageName;
        var stateType = parameterType.GetGenericArguments()[0];
        _create = s_create.MakeGenericMethod(stateType)
            .CreateDelegate<Func<string, GrainId, IGrainStorage, IPersistentStateBinding>>();
    }

    /// <summary>IPersistentState&lt;TState&gt;.</summary>
    public Type ParameterType { get; }

    public string StateName { get; }

    public string? StorageName { get; }

    public static bool IsPersistentStateType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IPersistentState<>);

    public IPersistentStateBinding CreateState(GrainId grainId, IGrainStorageFactory storageFactory) =>
        _create(StateName, grainId, storageFactory.Get(StorageName));

    private static IPersistentStateBinding Create<TState>(string stateName, GrainId grainId, IGrainStorage storage)
        where TState : new() =>
        new PersistentState<TState>(stateName, grainId, storage);
}
