using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Tools;

/// <summary>
/// A tool whose input schema uses JSON Schema 2020-12 keywords ($schema, $defs, $ref,
/// additionalProperties), written out by hand: scenario json-schema-2020-12 (SEP-1613) checks that
/// they reach the client as written, which a schema generated from a .NET method would not show.
/// </summary>
public sealed class JsonSchema2020Tool : McpServerTool
{
    public const string Name = "json_schema_2020_12_tool";

    private static readonly JsonElement InputSchema = JsonSerializer.Deserialize<JsonElement>("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "address": {
              "type": "object",
              "properties": {
                "street": { "type": "string" },
                "city": { "type": "string" }
              }
            }
          },
          "properties": {
            "name": { "type": "string" },
            "address": { "$ref": "#/$defs/address" }
          },
          "additionalProperties": false
        }
        """);

    public override Tool ProtocolTool { get; } = new()
    {
        Name = Name,
        Description = "Tool with JSON Schema 2020-12 features",
        InputSchema = InputSchema,
    };

    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <summary>Answers with the arguments it was given, so a caller sees they arrived whole.</summary>
    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var arguments = request.Params?.Arguments is { } given
            ? JsonSerializer.Serialize(given, McpJsonUtilities.DefaultOptions)
            : "{}";
        return ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = $"Received arguments: {arguments}" }] });
    }
}
