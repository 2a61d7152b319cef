using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.TestUpstream.Tests;

/// <summary>The HTTP upstream's credential options: it refuses what lacks the credential, and serves what carries it.</summary>
public sealed class CredentialTests
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Fact]
    public async Task RequireHeaderAndQuery_RefuseARequestWithoutEither_AndServeOneWithBoth()
    {
        await using var upstream = await UpstreamProcess.StartAsync("http", "--require-header", "X-Api-Key: token k-1", "--require-query", "api_key=q-1");
        using var http = new HttpClient();

        using var bare = await http.SendAsync(Post(upstream.Endpoint!));
        using var headerOnly = await http.SendAsync(Post(upstream.Endpoint!, ("X-Api-Key", "token k-1")));
        using var both = await http.SendAsync(Post(new Uri(upstream.Endpoint! + "?api_key=q-1"), ("X-Api-Key", "token k-1")));

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Contains("X-Api-Key", (string?)(await bare.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["message"]);
        Assert.Equal(HttpStatusCode.Unauthorized, headerOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal(2, await UnauthorizedAsync(http, upstream.Endpoint!));
    }

    [Fact]
    public async Task BearerTokensFile_IsReadOnEveryRequest()
    {
        var file = Path.GetTempFileName();
        await using var upstream = await UpstreamProcess.StartAsync("http", "--bearer-tokens-file", file);
        using var http = new HttpClient();

        using var unknown = await http.SendAsync(Post(upstream.Endpoint!, ("Authorization", "Bearer t-1")));
        await File.WriteAllTextAsync(file, "t-0\nt-1\n");
        using var listed = await http.SendAsync(Post(upstream.Endpoint!, ("Authorization", "Bearer t-1")));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.StartsWith("Bearer", unknown.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        File.Delete(file);
    }

    private static HttpRequestMessage Post(Uri endpoint, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(Initialize, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static async Task<long> UnauthorizedAsync(HttpClient http, Uri endpoint) =>
        (long)(await http.GetFromJsonAsync<JsonObject>(new Uri(endpoint, "/test/stats")))!["unauthorized"]!;
}
