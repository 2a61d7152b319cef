using System.Text.RegularExpressions;

namespace Gateway.Silo.Logging;

/// <summary>
/// Masks what looks like a credential inside free text: an HTTP authorization scheme's token, a
/// URL's user information, and the value of a secret-named key (<c>token=</c>, <c>X-Api-Key:</c>,
/// <c>Password=</c> in a connection string, <c>"access_token":"..."</c> in JSON). The rest of the
/// text stays, so a failure can still be read.
/// </summary>
public static partial class CredentialText
{
    public const string Mask = "***";

    /// <summary>Returns the same instance when nothing needed masking.</summary>
    public static string Scrub(string text) =>
        Credential().IsMatch(text) ? Credential().Replace(text, m => m.Groups["prefix"].Value + Mask + m.Groups["suffix"].Value) : text;

    [GeneratedRegex(
        @"(?<prefix>\b(Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+" +
        @"|(?<prefix>\b[a-z][a-z0-9+.-]*://)[^\s/?#@]+(?<suffix>@)" +
        @"|(?<prefix>\b[\w.-]*(password|passwd|pwd|secret|token|api[_-]?key)[""']?\s*[=:]\s*[""']?)[^\s&;,""']+",
        RegexOptions.IgnoreCase)]
    private static partial Regex Credential();
}
