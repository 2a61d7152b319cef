using System.Text.Json.Serialization;
using Gateway.Audit;

namespace Gateway.Silo.Audit;

/// <summary>The audit line's JSON: camelCase names, fields that do not apply left out, compact (one line each).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
