using System.Collections.Concurrent;
using System.Reflection;

namespace Gateway.Runtime.Proxies;

/// <summary>A grain method plus what the proxy needs to return its result typed; cached per method.</summary>
internal sealed class ProxyMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, ProxyMethod> s_methods = new();

    private ProxyMethod(MethodInfo method)
    {
        GrainMethod = GrainMethod.For(method);
        ToReturnValue = ProxyReturnAdapters.For(GrainMethod.ReturnKind, GrainMethod.ResultType);
        CompletedReturnValue = ProxyReturnAdapters.Completed(GrainMethod.ReturnKind);
    }

    public GrainMethod GrainMethod { get; }

    public Func<Task<object?>, object> ToReturnValue { get; }

    /// <summary>What a [OneWay] call returns to its caller.</summary>
    public object CompletedReturnValue { get; }

    public static ProxyMethod For(MethodInfo method) =>
        s_methods.TryGetValue(method, out var known)
            ? known
            : s_methods.GetOrAdd(method, static m => new ProxyMethod(m));
}
