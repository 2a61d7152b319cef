using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Upstreams;

/// <summary>
/// A short digest of a definition: the same on every silo and across activations, so silos can
/// tell from the catalog alone that the connections they hold were opened with an older one.
/// </summary>
public static class UpstreamRevision
{
    public static string Of(UpstreamDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(definition))))[..16];
}
