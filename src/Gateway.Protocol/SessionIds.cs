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

    /// <summary>Ids that could not have been minted here are refused before any grain is touched.</summary>
    public static bool IsWellFormed(string id) =>
        id.Length is >= 16 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>What logs show of a session id: enough to tell sessions apart, too little to use one.</summary>
    public static string ForLog(string id) => id.Length <= 8 ? id : id[..8] + "…";
}
