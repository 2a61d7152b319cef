using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Gateway.Runtime.Invocation;

namespace Gateway.Runtime;

/// <summary>
/// A grain interface method as the runtime sees it: how to invoke it on an activation and how it
/// must be scheduled. One instance per method, built once and cached, so a call allocates nothing
/// to describe itself.
/// </summary>
public sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> s_methods = new();

    private GrainMethod(MethodInfo method)
    {
        if (method.DeclaringType is not { IsInterface: true } interfaceType)
        {
            throw new NotSupportedException($"Grain method {method.Name} must be declared on an interface.");
        }

        var display = $"{interfaceType.Name}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new NotSupportedException($"Grain method {display} is generic; grain methods cannot be generic.");
        }

        var parameters = method.GetParameters();
        if (parameters.Any(p => p.ParameterType.IsByRef))
        {
            throw new NotSupportedException($"Grain method {display} has a ref, in or out parameter.");
        }

        Method = method;
        (ReturnKind, ResultType) = Classify(method.ReturnType) ?? throw new NotSupportedException(
            $"Grain method {display} returns {method.ReturnType.Name}; grain methods must return Task, Task<T>, " +
            "ValueTask or ValueTask<T>.");
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false);
        OneWay = method.IsDefined(typeof(OneWayAttribute), inherit: false);
        if (OneWay && ResultType is not null)
        {
            throw new NotSupportedException(
                $"Grain method {display} is [OneWay] but returns a value; one-way methods return Task or ValueTask.");
        }

        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
        Invoker = CompileInvoker(method, parameters, ReturnKind, ResultType);
    }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    public string Name => Method.Name;

    public Type InterfaceType => Method.DeclaringType!;

    /// <summary>The T of Task&lt;T&gt; or ValueTask&lt;T&gt;; null for Task and ValueTask.</summary>
    public Type? ResultType { get; }

    public bool AlwaysInterleave { get; }

    public bool OneWay { get; }

    /// <summary>Position of the CancellationToken parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    internal GrainReturnKind ReturnKind { get; }

    /// <summary>Calls the method on a grain object and returns its result untyped.</summary>
    internal Func<object, object?[], Task<object?>> Invoker { get; }

    /// <summary>The description of <paramref name="method"/>; throws NotSupportedException for a method grains cannot have.</summary>
    public static GrainMethod For(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return s_methods.TryGetValue(method, out var known)
            ? known
            : s_methods.GetOrAdd(method, static m => new GrainMethod(m));
    }

    public override string ToString() => $"{InterfaceType.Name}.{Name}";

    private static (GrainReturnKind, Type?)? Classify(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (GrainReturnKind.Task, null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (GrainReturnKind.ValueTask, null);
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            var result = returnType.GetGenericArguments()[0];
            if (definition == typeof(Task<>))
            {
                return (GrainReturnKind.TaskOfT, result);
            }

            if (definition == typeof(ValueTask<>))
            {
                return (GrainReturnKind.ValueTaskOfT, result);
            }
        }

        return null;
    }

    // (grain, args) => Adapter(((IGrainInterface)grain).Method((T0)args[0], ...)), compiled once per method.
    private static Func<object, object?[], Task<object?>> CompileInvoker(
        MethodInfo method, ParameterInfo[] parameters, GrainReturnKind kind, Type? resultType)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            parameters.Select((p, i) => Expression.Convert(
                Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        var adapter = GrainResultAdapters.For(kind, resultType);
        var body = Expression.Call(adapter, call);
        return Expression.Lambda<Func<object, object?[], Task<object?>>>(body, grain, arguments).Compile();
    }
}
