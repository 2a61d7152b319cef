using System.Reflection;
using Gateway.Runtime.Hosting;
using Gateway.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Runtime.Catalog;

/// <summary>
/// How to make activations of one grain class: a compiled ActivatorUtilities factory for DI
/// constructor injection, the [PersistentState] parameters it is given, and its collection age.
/// </summary>
internal sealed class GrainClassInfo
{
    private readonly ObjectFactory _factory;
    private readonly PersistentStateParameter[] _states;

    public GrainClassInfo(GrainClassRegistration registration)
    {
        GrainType = registration.GrainType;
        ClassType = registration.ClassType;
        var constructor = SelectConstructor(ClassType);
        _states = constructor.GetParameters()
            .Where(p => PersistentStateParameter.IsPersistentStateType(p.ParameterType))
            .Select(p => p.GetCustomAttribute<PersistentStateAttribute>() is { } attribute
                ? new PersistentStateParameter(p.ParameterType, attribute)
                : throw new InvalidOperationException(
                    $"Parameter '{p.Name}' of {ClassType.Name}'s constructor is an IPersistentState but has no [PersistentState(\"name\")]."))
            .ToArray();
        var duplicate = _states.GroupBy(s => (s.StateName, s.StorageName)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"{ClassType.Name} declares state '{duplicate.Key.StateName}' more than once; each state needs its own name.");
        }

        // ActivatorUtilities binds given arguments to constructor parameters of matching type in order,
        // so states of the same type reach their parameters in declaration order.
        _factory = ActivatorUtilities.CreateFactory(ClassType, _states.Select(s => s.ParameterType).ToArray());

        var limit = ClassType.GetCustomAttribute<CollectionAgeLimitAttribute>();
        AlwaysActive = limit?.AlwaysActive == true;
        CollectionAge = limit is { Minutes: > 0 } ? TimeSpan.FromMinutes(limit.Minutes) : null;
    }

    public string GrainType { get; }

    public Type ClassType { get; }

    /// <summary>[CollectionAgeLimit(AlwaysActive = true)]: never collected while the silo runs.</summary>
    public bool AlwaysActive { get; }

    /// <summary>The class's own collection age, or null for the silo default.</summary>
    public TimeSpan? CollectionAge { get; }

    /// <summary>Constructs a grain object; its states are returned unread.</summary>
    public (IActivationTarget Grain, IPersistentStateBinding[] States) Create(IServiceProvider services, GrainId grainId)
    {
        var states = new IPersistentStateBinding[_states.Length];
        var arguments = new object[_states.Length];
        if (_states.Length > 0)
        {
            var storageFactory = services.GetRequiredService<IGrainStorageFactory>();
            for (var i = 0; i < _states.Length; i++)
            {
                arguments[i] = states[i] = _states[i].CreateState(grainId, storageFactory);
            }
        }

        return ((IActivationTarget)_factory(services, arguments), states);
    }

    private static ConstructorInfo SelectConstructor(Type classType)
    {
        var constructors = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var marked = constructors.Where(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute), false)).ToArray();
        return marked.Length == 1 ? marked[0]
            : constructors.Length == 1 ? constructors[0]
            : throw new InvalidOperationException(
                $"Grain class {classType.Name} must have exactly one public constructor, or mark one with [ActivatorUtilitiesConstructor].");
    }
}
