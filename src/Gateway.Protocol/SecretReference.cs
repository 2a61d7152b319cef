namespace Gateway.Configuration;

/// <summary>
/// Upstream credentials may be given by reference instead of inline: "env://NAME" reads the
/// gateway's environment variable NAME, "file:///path" reads a file (trimmed). Resolved only when
/// connecting, so the value never sits in the definition, the admin API or the logs.
/// </summary>
public static class SecretReference
{
    /// <summary>Whether a value names where a secret is (env://, file://) rather than being one.</summary>
    public static bool IsReference(string value) =>
        value.StartsWith("env://", StringComparison.Ordinal) || value.StartsWith("file://", StringComparison.Ordinal);

    public static string Resolve(string value)
    {
        if (value.StartsWith("env://", StringComparison.Ordinal))
        {
            var name = value["env://".Length..];
            return Environment.GetEnvironmentVariable(name)
                ?? throw new InvalidOperationException($"environment variable '{name}' named by a secret reference is not set");
        }

        if (value.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = new Uri(value).LocalPath;
            return File.ReadAllText(path).Trim();
        }

        return value;
    }

    public static Dictionary<string, string> ResolveAll(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(p => p.Key, p => Resolve(p.Value), StringComparer.Ordinal);
}
