namespace Gateway.Upstreams.Credentials;

/// <summary>A static credential ready to send: where it goes (a header or a query parameter), under which name, and its value.</summary>
public sealed record StaticCredential(bool InQuery, string Name, string Value)
{
    /// <summary>Applies the credential's format to its resolved secret.</summary>
    /// <param name="upstream">Named in the error when the secret cannot be sent in a header.</param>
    public static StaticCredential Create(UpstreamAuth auth, string secret, string upstream)
    {
        var inQuery = auth.In == UpstreamAuth.InQuery;
        var value = UpstreamAuth.Given(auth.Format) switch
        {
            UpstreamAuth.PrefixFormat => (UpstreamAuth.Given(auth.Prefix) ?? UpstreamAuth.DefaultPrefix) + secret,
            UpstreamAuth.TemplateFormat => auth.Template!.Replace(UpstreamAuth.SecretPlaceholder, secret, StringComparison.Ordinal),
            _ => secret,
        };

        // A reference resolves only now, so this is the first moment its value can be checked.
        if (!inQuery && !HeaderValue.CanCarry(value))
        {
            throw new UpstreamCredentialException($"the auth.secret of upstream '{upstream}' {HeaderValue.Refusal}");
        }

        return new StaticCredential(inQuery, UpstreamAuth.Given(auth.Name) ?? UpstreamAuth.DefaultHeader, value);
    }
}
