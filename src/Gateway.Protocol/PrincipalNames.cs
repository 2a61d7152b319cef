namespace Gateway.Protocol;

/// <summary>
/// The names the gateway gives its principals ("key:NAME", "jwt:SUBJECT", or <see cref="Local"/>),
/// which bind sessions and count against the per-principal cap. Here rather than in the front door,
/// because the sessions behind it must recognise them too.
/// </summary>
public static class PrincipalNames
{
    /// <summary>The one principal when auth is off: whoever can reach the loopback bind is its operator.</summary>
    public const string Local = "local";
}
