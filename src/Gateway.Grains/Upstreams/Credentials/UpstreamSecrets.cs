using System.Security.Cryptography;
using Gateway.Configuration;
using Microsoft.AspNetCore.DataProtection;

namespace Gateway.Upstreams.Credentials;

/// <summary>
/// Turns an upstream's secret values into what is sent, and plain values into what is stored.
/// Values that arrive through the admin API are encrypted with ASP.NET Core Data Protection before
/// they are persisted (<c>protected://</c> followed by the protected payload), so the store holds
/// none in the clear; the key ring lives apart from the store (the data directory, or a table
/// encrypted with the cluster's certificate). Decrypting happens only here, when a connection or
/// a token request needs the value.
/// </summary>
public sealed class UpstreamSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "protected://";

    /// <summary>Versioned, so that a later scheme can live beside this one.</summary>
    private const string Purpose = "Gateway.Upstreams.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public static bool IsProtected(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>A reference stays as it is (it names where the secret is); any other value is encrypted.</summary>
    public string Protect(string value) =>
        SecretReference.IsReference(value) || IsProtected(value) ? value : Prefix + _protector.Protect(value);

    /// <summary>The value to send: decrypted, read from the environment or a file, or as written.</summary>
    /// <param name="upstream">Named in the error, with the field, when the value cannot be had.</param>
    public string Resolve(string value, string upstream, string field)
    {
        if (!IsProtected(value))
        {
            return SecretReference.Resolve(value);
        }

        try
        {
            return _protector.Unprotect(value[Prefix.Length..]);
        }
        catch (CryptographicException ex)
        {
            // Data Protection says which key is missing or that the payload is damaged; neither holds the secret.
            throw new UpstreamCredentialException(
                $"the {field} of upstream '{upstream}' cannot be decrypted ({ex.Message.TrimEnd('.')}): restore the gateway's key ring, or add the upstream again", ex);
        }
    }

    public Dictionary<string, string> ResolveAll(IReadOnlyDictionary<string, string> values, string upstream, string field) =>
        values.ToDictionary(p => p.Key, p => Resolve(p.Value, upstream, $"{field} '{p.Key}'"), StringComparer.Ordinal);
}
