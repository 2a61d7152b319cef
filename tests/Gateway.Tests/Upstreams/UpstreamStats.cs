using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Upstreams;

/// <summary>What the test upstream saw, from its GET /test/stats (which needs no credential).</summary>
public static class UpstreamStats
{
    private static readonly HttpClient Http = new();

    /// <summary>How many requests to /mcp the upstream refused for a missing or wrong credential.</summary>
    public static async Task<long> UnauthorizedAsync(TestUpstreamProcess upstream)
    {
        var stats = await Http.GetFromJsonAsync<JsonObject>(new Uri(new Uri(upstream.Url), "/test/stats"));
        return (long)stats!["unauthorized"]!;
    }
}
