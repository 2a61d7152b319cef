namespace Gateway.Sessions;

/// <summary>The key of a principal's <see cref="IPrincipalSessionsGrain"/>.</summary>
public static class PrincipalSessionsKey
{
    /// <summary>
    /// A principal's name behind a prefix, and a key of its own for the anonymous principal (auth
    /// off), which no principal name can produce.
    /// </summary>
    public static string For(string? principal) => principal is null ? "anonymous" : "principal:" + principal;
}
