namespace Gateway.Upstreams.Credentials;

/// <summary>
/// The gateway could not get or use an upstream's credential: a secret that cannot be decrypted or
/// sent, or a token endpoint that refused or failed. Its message is what the upstream's status and
/// the client's error say, so it names the upstream, the field or the endpoint and the cause, and
/// never a secret or more of a token endpoint's answer than its OAuth error.
/// </summary>
public sealed class UpstreamCredentialException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static UpstreamCredentialException? FindIn(Exception exception) =>
        ExceptionChain.Of(exception).OfType<UpstreamCredentialException>().FirstOrDefault();
}
