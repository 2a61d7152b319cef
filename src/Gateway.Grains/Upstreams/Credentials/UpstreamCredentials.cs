using Microsoft.Extensions.Logging;

namespace Gateway.Upstreams.Credentials;

/// <summary>Puts an upstream's credential (<see cref="UpstreamDefinition.Auth"/>) in front of the handler its connection sends through.</summary>
public sealed class UpstreamCredentials(UpstreamSecrets secrets, UpstreamTokens tokens, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<BearerTokenHandler>();

    public HttpMessageHandler Wrap(UpstreamDefinition definition, HttpMessageHandler inner) => definition.Auth switch
    {
        null => inner,
        { Type: UpstreamAuth.Static } auth => new StaticCredentialHandler(
            StaticCredential.Create(auth, secrets.Resolve(auth.Secret!, definition.Name, "auth.secret"), definition.Name), inner),
        { IsOAuth: true } => new BearerTokenHandler(tokens.For(definition), definition.Name, _logger, inner),
        { Type: var type } => throw new UpstreamCredentialException($"upstream '{definition.Name}' has auth of unknown type '{type}'"),
    };
}
