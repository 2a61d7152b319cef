using System.Buffers.Text;
using System.Security.Cryptography;

namespace Gateway.Protocol;

/// <summary>
/// Session ids are 192 random bits, base64url: unguessable (MCP: "globally unique and
/// cryptographically secure") and made of visible ASCII only, as the spec requires.
/// </summary>
public static class SessionIds
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The session that serves a session-less (2026-07-28) client's requests: one per principal,
    /// server, tenant and the client features an upstream may ask for (sampling, elicitation,
    /// roots: <paramref name="offers"/>), so that requests of the same principal share upstream
    /// sessions whose offer matches what each request declared. Never handed to a client, and
    /// refused by the session when a client presents it as an Mcp-Session-Id.
    /// </summary>
    public static string Sessionless(string? principal, string? server, string? tenant, string offers)
    {
        var key = string.Join('\0', principal ?? "", server ?? "", tenant ?? "", offers);
        return "sl-" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Ids that could not have been minted here are refused before any grain is touched.</summary>
    public static bool IsWellFormed(string id) =>
        id.Length is >= 16 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// What logs show of a session id: a short hash, enough to tell sessions apart and to find one's
    /// lines, and nothing of the id itself, so a log reader cannot use or narrow down a session.
    /// </summary>
    public static string ForLog(string id) =>
        "s:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)), 0, 5);
}
