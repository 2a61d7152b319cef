using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using Gateway.Runtime;
using Gateway.Runtime.Hosting;

namespace Gateway.Cluster;

/// <summary>
/// Names grain methods on the wire ("{interface full name}/{method}/{parameter count}") and keeps,
/// per method, the JSON contracts of its parameters and result, resolved once.
/// </summary>
internal sealed class RemoteMethods
{
    private readonly ClusterSerializer _serializer;
    private readonly FrozenDictionary<string, GrainMethod> _byKey;
    private readonly ConcurrentDictionary<GrainMethod, RemoteMethod> _shapes = new();

    public RemoteMethods(IEnumerable<GrainClassRegistration> grains, ClusterSerializer serializer)
    {
        _serializer = serializer;
        var byKey = new Dictionary<string, GrainMethod>(StringComparer.Ordinal);
        var interfaces = grains
            .SelectMany(g => g.ClassType.GetInterfaces().Append(g.InterfaceType))
            .Where(i => typeof(IGrainWithStringKey).IsAssignableFrom(i) && i != typeof(IGrainWithStringKey))
            .Distinct();
        foreach (var type in interfaces)
        {
            foreach (var method in type.GetMethods())
            {
                var grainMethod = GrainMethod.For(method);
                var key = KeyOf(grainMethod);
                if (byKey.TryGetValue(key, out var other) && other.Method != method)
                {
                    throw new NotSupportedException(
                        $"Grain methods {other} and {grainMethod} have the same name and parameter count; calls between silos cannot tell them apart.");
                }

                byKey[key] = grainMethod;
            }
        }

        _byKey = byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static string KeyOf(GrainMethod method) =>
        $"{method.InterfaceType.FullName}/{method.Name}/{method.Method.GetParameters().Length}";

    public bool TryFind(string key, out GrainMethod method) => _byKey.TryGetValue(key, out method!);

    public RemoteMethod Shape(GrainMethod method) =>
        _shapes.TryGetValue(method, out var shape) ? shape : _shapes.GetOrAdd(method, m => new RemoteMethod(m, _serializer));
}

/// <summary>A grain method with its wire name and the JSON contracts of its parameters and result.</summary>
internal sealed class RemoteMethod
{
    public RemoteMethod(GrainMethod method, ClusterSerializer serializer)
    {
        Method = method;
        Key = RemoteMethods.KeyOf(method);
        Parameters = method.Method.GetParameters()
            .Select(p => p.ParameterType == typeof(CancellationToken) ? null : serializer.GetTypeInfo(p.ParameterType))
            .ToArray();
        Result = method.ResultType is { } result ? serializer.GetTypeInfo(result) : null;
    }

    public GrainMethod Method { get; }

    public string Key { get; }

    /// <summary>One contract per parameter; null at the CancellationToken's position, which never crosses.</summary>
    public JsonTypeInfo?[] Parameters { get; }

    /// <summary>The result's contract; null for Task and ValueTask.</summary>
    public JsonTypeInfo? Result { get; }
}
