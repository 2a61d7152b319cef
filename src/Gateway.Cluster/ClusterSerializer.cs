using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Cluster;

/// <summary>
/// The serializer options every silo-to-silo message uses. Type information comes only from
/// registered source-generated resolvers (<see cref="ClusterServiceCollectionExtensions.AddClusterTypes"/>),
/// never from reflection, so a grain argument type nobody registered fails loudly at its first
/// call rather than being serialized some unplanned way.
/// </summary>
public sealed class ClusterSerializer
{
    public ClusterSerializer(IEnumerable<ClusterTypeRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        IJsonTypeInfoResolver[] resolvers = [ClusterWireContext.Default, .. registrations.Select(r => r.Resolver)];
        Options = new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>The contract of <paramref name="type"/>; throws NotSupportedException naming the type when no registered resolver knows it.</summary>
    public JsonTypeInfo GetTypeInfo(Type type)
    {
        try
        {
            return Options.GetTypeInfo(type);
        }
        catch (NotSupportedException ex)
        {
            throw new NotSupportedException(
                $"{type} cannot cross silos: no registered JSON source-generation context knows it (add it to one and register that with AddClusterTypes).",
                ex);
        }
    }
}

/// <summary>A source-generated resolver (a JsonSerializerContext) whose types may cross silos.</summary>
public sealed record ClusterTypeRegistration(IJsonTypeInfoResolver Resolver);

/// <summary>How a call failed on the silo that ran it.</summary>
public sealed record RemoteFault(string Kind, string Type, string Message, string? Owner = null)
{
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Timeout = "timeout";
    public const string Elsewhere = "elsewhere";
    public const string Unavailable = "unavailable";
    public const string BadCall = "bad-call";
}

[JsonSerializable(typeof(RemoteFault))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class ClusterWireContext : JsonSerializerContext;
