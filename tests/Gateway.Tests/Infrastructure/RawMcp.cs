using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>Plain HTTP against an MCP endpoint, for what an SDK client would never send.</summary>
public sealed class RawMcp(HttpClient http, string path = "/mcp")
{
    public const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    public async Task<string> InitializeAsync(string? apiKey = null, string protocolVersion = "2025-11-25")
    {
        var (status, _, headers) = await PostAsync(InitializeBody.Replace("2025-11-25", protocolVersion), sessionId: null, apiKey: apiKey);
        Assert.Equal(HttpStatusCode.OK, status);
        var sessionId = headers.GetValues("Mcp-Session-Id").Single();
        await PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, apiKey: apiKey);
        return sessionId;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)> PostAsync(
        string body,
        string? sessionId,
        string? protocolVersion = null,
        string? origin = null,
        string? apiKey = null,
        string accept = "application/json, text/event-stream",
        bool expectContinue = false)
    {
        var (status, _, answer, headers) = await PostForAnswerAsync(body, sessionId, protocolVersion, origin, apiKey, accept, expectContinue);
        return (status, answer, headers);
    }

    /// <summary>As <see cref="PostAsync"/>, with the media type the answer came in (JSON or an SSE stream).</summary>
    public async Task<(HttpStatusCode Status, string? MediaType, JsonNode? Body, HttpResponseHeaders Headers)> PostForAnswerAsync(
        string body,
        string? sessionId,
        string? protocolVersion = null,
        string? origin = null,
        string? apiKey = null,
        string accept = "application/json, text/event-stream",
        bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // With 100-continue the client waits for the server's verdict before sending a large body,
        // so a refusal (413) is read instead of racing the upload.
        request.Headers.ExpectContinue = expectContinue;
        request.Headers.TryAddWithoutValidation("Accept", accept);
        Add(request, sessionId, protocolVersion, origin, apiKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return (response.StatusCode, mediaType, Parse(text, mediaType), response.Headers);
    }

    /// <summary>Posts a request whose answer is an SSE stream and returns every event's message, in order.</summary>
    public async Task<List<JsonNode>> PostForEventsAsync(string body, string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        Add(request, sessionId, null, null, null);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return text.Split('\n')
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l["data: ".Length..])!)
            .ToList();
    }

    /// <summary>A GET of the standalone stream, for its refusal: an accepted stream is closed at once, without its body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string sessionId, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        Add(request, sessionId, null, null, apiKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        return (response.StatusCode, Parse(await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType));
    }

    public async Task<HttpStatusCode> DeleteAsync(string? sessionId, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path);
        Add(request, sessionId, null, null, apiKey);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static int? ErrorCode(JsonNode? body) => (int?)body?["error"]?["code"];

    public static string ErrorMessage(JsonNode? body) => (string?)body?["error"]?["message"] ?? "";

    private static void Add(HttpRequestMessage request, string? sessionId, string? protocolVersion, string? origin, string? apiKey)
    {
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }
    }

    /// <summary>JSON bodies parse as is; an SSE body yields its last event's data (the response).</summary>
    private static JsonNode? Parse(string text, string? mediaType)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (mediaType == "text/event-stream")
        {
            var data = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).LastOrDefault();
            return data is null ? null : JsonNode.Parse(data["data: ".Length..]);
        }

        return JsonNode.Parse(text);
    }
}
