using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Pinning;

/// <summary>
/// Hashes a tool's canonical definition: what a model reads or is steered by (name, title,
/// description, input and output schemas, annotations). Icons and <c>_meta</c> are left out: a
/// model reads neither, and servers use <c>_meta</c> for values that change between reads.
/// </summary>
public static class ToolFingerprints
{
    private const string NameField = "name";

    private static readonly string[] BodyFields = ["title", "description", "inputSchema", "outputSchema", "annotations"];

    public static ToolFingerprint Of(Tool tool)
    {
        // The SDK's own serialization: absent and null fields are both left out, schemas keep the upstream's JSON.
        var json = JsonSerializer.SerializeToElement(tool, JsonRpc.Options);
        var body = new List<KeyValuePair<string, JsonElement>>();
        foreach (var field in BodyFields)
        {
            if (json.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                body.Add(KeyValuePair.Create(field, value));
            }
        }

        var bodyHash = Sha256(CanonicalJson.WriteObject(body));
        body.Add(KeyValuePair.Create(NameField, json.GetProperty(NameField)));
        return new ToolFingerprint(tool.Name, Sha256(CanonicalJson.WriteObject(body)), bodyHash, tool.Description);
    }

    private static string Sha256(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
