using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Credentials;

/// <summary>
/// Sends an OAuth upstream's access token as <c>Authorization: Bearer</c> (RFC 6750 §2.1) on every
/// request of its connection. An HTTP 401 means the upstream no longer takes the token (revoked,
/// or expired early): the request is sent once more with a new one, and a second 401 is the answer.
/// </summary>
public sealed partial class BearerTokenHandler(UpstreamTokenSource tokens, string upstream, ILogger logger, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // So that the body can be sent again after a 401.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var token = await tokens.GetAsync(rejected: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        LogRefused(logger, upstream);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(rejected: token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "Upstream {Upstream} refused its access token (HTTP 401): sending the request again with a new one")]
    private static partial void LogRefused(ILogger logger, string upstream);
}
