using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An MCP session over Streamable HTTP spoken as raw JSON-RPC, for what the C# SDK hides (the
/// 2025-11-25 tasks): each request is a POST, its answer read from a JSON body or the POST's SSE stream.
/// </summary>
public sealed class RawMcpSession(HttpClient http, string path, string sessionId)
{
    private int _nextId;

    public static async Task<RawMcpSession> OpenAsync(HttpClient http, string path = "/mcp")
    {
        var initialize = new JsonObject
        {
            ["protocolVersion"] = "2025-11-25",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw-tasks-test", ["version"] = "1" },
        };
        using var response = await PostAsync(http, path, null, Request(0, "initialize", initialize));
        var sessionId = response.Headers.GetValues("Mcp-Session-Id").Single();
        var session = new RawMcpSession(http, path, sessionId) { Initialize = await ReadAnswerAsync(response) };
        using var initialized = await PostAsync(http, path, sessionId, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" });
        return session;
    }

    /// <summary>The gateway's answer to initialize.</summary>
    public JsonNode Initialize { get; private init; } = new JsonObject();

    /// <summary>The answer (with result or error) to one request.</summary>
    public async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        using var response = await PostAsync(http, path, sessionId, Request(Interlocked.Increment(ref _nextId), method, parameters));
        return await ReadAnswerAsync(response);
    }

    private static JsonObject Request(int id, string method, JsonObject? parameters)
    {
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        return request;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string? sessionId, JsonObject message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2025-11-25");
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private static async Task<JsonNode> ReadAnswerAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)
                && JsonNode.Parse(line["data: ".Length..]) is { } message
                && (message["result"] is not null || message["error"] is not null))
            {
                return message;
            }
        }

        throw new InvalidOperationException("The stream ended without an answer");
    }
}
