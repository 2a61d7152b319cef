using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.LoadRunner;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(RunReport))]
public sealed partial class RunReportJsonContext : JsonSerializerContext;
