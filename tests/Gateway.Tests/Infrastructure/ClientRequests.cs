using System.Text;

namespace Gateway.Tests.Infrastructure;

/// <summary>HTTP requests to the gateway built by hand, for tests that speak to it without an SDK client.</summary>
public static class ClientRequests
{
    /// <summary>
    /// A request with an optional JSON body and an optional bearer credential. The credential goes
    /// out as given, unvalidated, so that a malformed one reaches the gateway just as a client sent it.
    /// </summary>
    public static HttpRequestMessage Create(string method, string path, string? body = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        return request;
    }
}
