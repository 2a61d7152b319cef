namespace Gateway.Sessions;

/// <summary>The key of a principal's <see cref="IPrincipalSessionsGrain"/>.</summary>
public static class PrincipalSessionsKey
{
    private const string Prefix = "principal:";
    private const string Anonymous = "anonymous";

    /// <summary>
    /// A principal's name behind a prefix, and a key of its own for the anonymous principal (auth
    /// off), which no principal name can produce.
    /// </summary>
    public static string For(string? principal) => principal is null ? Anonymous : Prefix + principal;

    /// <summary>The principal a key stands for: null for the anonymous principal's.</summary>
    public static string? PrincipalOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : null;
}
