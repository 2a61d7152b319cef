using System.Text.RegularExpressions;

namespace Gateway.Silo.Configuration;

/// <summary>
/// The rule for a tenant's name, wherever one is given (an upstream's or a key's, in the config
/// file or the admin API): the same shape as every other name, matched whole, because a tenant
/// ends up in audit lines, log scopes and query parameters.
/// </summary>
public static partial class TenantNames
{
    /// <returns>Null when <paramref name="tenant"/> is null (no tenant) or a valid name; otherwise what is wrong with it.</returns>
    public static string? Problem(string? tenant) =>
        tenant is null || Pattern().IsMatch(tenant)
            ? null
            : $"'{tenant}' is not a valid tenant name: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit (or leave it out for no tenant)";

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Pattern();
}
