using System.Text.Json.Serialization;

namespace Gateway.Benchmarks.Cluster;

/// <summary>The argument and result types of <see cref="IAdderGrain"/>, so they may cross silos.</summary>
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class BenchClusterJsonContext : JsonSerializerContext;
