using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>JWTs for the gateway's bearer authentication: well signed, signed wrongly, or not signed at all.</summary>
public static class TestTokens
{
    /// <summary>An HS256 token signed with <paramref name="key"/>; see <see cref="Signed"/> for the claims.</summary>
    public static string Hs256(
        string key, string issuer, string audience = "gateway", string? subject = "carol", DateTime? expires = default, IReadOnlyDictionary<string, object>? claims = null) =>
        Signed(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256), issuer, audience, subject, expires, claims);

    /// <summary>
    /// A token issued and valid from twenty minutes ago, so that only the claim a test changes can
    /// make it fail. <paramref name="subject"/> null leaves out "sub".
    /// </summary>
    /// <param name="expires">Default: in five minutes; <see cref="DateTime.MinValue"/>: no "exp" claim at all.</param>
    /// <param name="extra">Claims besides "sub", such as a tenant or roles.</param>
    public static string Signed(
        SigningCredentials credentials, string issuer, string audience = "gateway", string? subject = "carol", DateTime? expires = default,
        IReadOnlyDictionary<string, object>? extra = null)
    {
        var claims = new Dictionary<string, object>(extra ?? new Dictionary<string, object>());
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        var notBefore = DateTime.UtcNow.AddMinutes(-20);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires == DateTime.MinValue ? null : expires ?? DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = credentials,
        });
    }

    /// <summary>A token with "alg":"none" and no signature, otherwise valid for the gateway: what a forger sends first.</summary>
    public static string Unsigned(string issuer)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        return Part("""{"alg":"none","typ":"JWT"}""") + "." + Part($$"""{"sub":"mallory","iss":"{{issuer}}","aud":"gateway","exp":{{expires}}}""") + ".";
    }
}
