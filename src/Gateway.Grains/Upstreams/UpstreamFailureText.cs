using Gateway.Upstreams.Credentials;
using Gateway.Upstreams.Network;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Upstreams;

/// <summary>
/// What the gateway says about an upstream that failed: in its status (GET /admin/upstreams) and
/// in the errors clients get. Never what the upstream answered beyond its status line: the SDK
/// puts the body of an HTTP error into its exception's message, and a body can be anything the
/// target holds (a metadata service's credentials, an internal page), so an admin API caller must
/// not be able to read a server through the gateway.
/// </summary>
public static class UpstreamFailureText
{
    public static string Of(Exception exception)
    {
        if (OutboundAddressRefusedException.FindIn(exception) is { } refused)
        {
            return refused.Message;
        }

        // Said by the gateway itself (a token endpoint's refusal, a secret it cannot use), wherever the SDK wrapped it.
        if (UpstreamCredentialException.FindIn(exception) is { } credential)
        {
            return credential.Message;
        }

        if (ExceptionChain.Of(exception).OfType<HttpRequestException>().FirstOrDefault(e => e.StatusCode is not null) is { StatusCode: { } status })
        {
            var code = (int)status;
            var line = $"HTTP {code} {ReasonPhrases.GetReasonPhrase(code)}".TrimEnd();
            return code is >= 300 and < 400 ? $"{line}: a redirect, which the gateway does not follow" : line;
        }

        return exception.Message;
    }
}
