using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.UnitTests.Upstreams.Credentials;

/// <summary>
/// A token endpoint in memory, as the token source's HttpClient sees it: it records each request's
/// form and Authorization header and answers with the next token, or with what <see cref="Answer"/> says.
/// </summary>
public sealed class StubTokenEndpoint : HttpMessageHandler, IHttpClientFactory
{
    private readonly List<(string? Authorization, Dictionary<string, string> Form)> _requests = [];

    /// <summary>The status and JSON body of the next answers; null issues "token-N" for an hour.</summary>
    public (HttpStatusCode Status, string Body)? Answer { get; set; }

    /// <summary>Completes a request only once released, so that callers pile up behind it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IReadOnlyList<(string? Authorization, Dictionary<string, string> Form)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
            .Select(pair => pair.Split('='))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        int count;
        lock (_requests)
        {
            _requests.Add((request.Headers.Authorization?.ToString(), form));
            count = _requests.Count;
        }

        if (Gate is { } gate)
        {
            await gate.Task;
        }

        var (status, body) = Answer ?? (HttpStatusCode.OK,
            new JsonObject { ["access_token"] = $"token-{count}", ["token_type"] = "bearer", ["expires_in"] = 3600 }.ToJsonString());
        return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
