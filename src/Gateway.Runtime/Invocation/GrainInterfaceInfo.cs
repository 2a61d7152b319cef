using System.Collections.Concurrent;
using System.Reflection;

namespace Gateway.Runtime.Invocation;

/// <summary>
/// A grain interface checked once: its grain type name and every method validated, so that a bad
/// interface fails when a proxy is first requested rather than on some later call.
/// </summary>
internal sealed class GrainInterfaceInfo
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> s_interfaces = new();

    private GrainInterfaceInfo(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException(
                $"{interfaceType.FullName} is not a grain interface: it must be an interface extending IGrainWithStringKey.");
        }

        if (interfaceType.IsGenericType)
        {
            throw new NotSupportedException($"Grain interface {interfaceType.FullName} is generic; generic grains are not supported.");
        }

        GrainType = GrainTypeOf(interfaceType);
        foreach (var type in interfaceType.GetInterfaces().Append(interfaceType))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                GrainMethod.For(method);
            }
        }
    }

    /// <summary>The grain type part of grain ids for this interface.</summary>
    public string GrainType { get; }

    public static GrainInterfaceInfo For(Type interfaceType) =>
        s_interfaces.TryGetValue(interfaceType, out var known)
            ? known
            : s_interfaces.GetOrAdd(interfaceType, static t => new GrainInterfaceInfo(t));

    /// <summary>[GrainType] on the interface, else the interface name without its leading "I".</summary>
    public static string GrainTypeOf(Type interfaceType)
    {
        if (interfaceType.GetCustomAttribute<GrainTypeAttribute>() is { } attribute)
        {
            if (string.IsNullOrWhiteSpace(attribute.Name) || attribute.Name.Contains('/'))
            {
                throw new ArgumentException(
                    $"[GrainType(\"{attribute.Name}\")] on {interfaceType.FullName} is not a valid grain type name: " +
                    "it must be non-empty and contain no '/'.");
            }

            return attribute.Name;
        }

        var name = interfaceType.Name;
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name[1..] : name;
    }
}
