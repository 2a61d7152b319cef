namespace Gateway.Silo.Configuration;

/// <summary>What the admin API may do (Gateway:Admin). Its defaults keep the host's commands and secrets the operator's.</summary>
public sealed class AdminOptions
{
    /// <summary>
    /// Whether an admin may add a stdio upstream through the admin API: that runs a command on the
    /// gateway's host. Off by default: commands come from the config file.
    /// </summary>
    public bool AllowStdioUpstreams { get; set; }

    /// <summary>
    /// The env:// and file:// references admin API input may use in an upstream's Headers, Env or
    /// Url; others are refused, so that an admin API caller cannot send the gateway's variables or
    /// files to a URL of their choosing. Entries match whole; a trailing '*' matches any rest
    /// (e.g. "env://GITHUB_TOKEN", "file:///run/secrets/*").
    /// </summary>
    public List<string> AllowedSecretReferences { get; set; } = [];

    public bool IsAllowedReference(string reference)
    {
        var canonical = Canonical(reference);
        return AllowedSecretReferences.Any(pattern =>
            pattern.EndsWith('*')
                ? canonical.StartsWith(pattern[..^1], StringComparison.Ordinal)
                : string.Equals(Canonical(pattern), canonical, StringComparison.Ordinal));
    }

    /// <summary>A file reference as the path it opens, so that "/run/secrets/../../etc/passwd" is judged as "/etc/passwd".</summary>
    private static string Canonical(string reference) =>
        reference.StartsWith("file://", StringComparison.Ordinal) && Uri.TryCreate(reference, UriKind.Absolute, out var uri)
            ? "file://" + Path.GetFullPath(uri.LocalPath)
            : reference;
}
