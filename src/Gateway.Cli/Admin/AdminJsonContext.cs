using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Cli.Admin;

/// <summary>Source-generated JSON for the admin API (camelCase, nulls omitted on write).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<UpstreamInfo>))]
[JsonSerializable(typeof(UpstreamInfo))]
[JsonSerializable(typeof(AddUpstreamRequest))]
[JsonSerializable(typeof(PinsInfo))]
[JsonSerializable(typeof(PinInfo))]
[JsonSerializable(typeof(SessionsInfo))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
