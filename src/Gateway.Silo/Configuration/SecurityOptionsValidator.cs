using System.Text.RegularExpressions;
using Gateway.Configuration;
using Gateway.Transports.Security;

namespace Gateway.Silo.Configuration;

/// <summary>The Auth and Admin parts of <see cref="GatewayOptionsValidator"/>: keys long enough, tokens checkable, names whole.</summary>
public static partial class SecurityOptionsValidator
{
    public static void Validate(GatewayOptions options, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Auth.ApiKeys.Count; i++)
        {
            ValidateKey(options.Auth.ApiKeys[i], $"Gateway:Auth:ApiKeys:{i}", names, errors);
        }

        if (options.Auth.Jwt.IsConfigured)
        {
            ValidateJwt(options.Auth.Jwt, errors);
        }

        for (var i = 0; i < options.Authorization.Tools.Count; i++)
        {
            var rule = options.Authorization.Tools[i];
            if (string.IsNullOrWhiteSpace(rule.Tool))
            {
                errors.Add($"Gateway:Authorization:Tools:{i}:Tool is empty: give a tool name pattern such as 'github__*' or '*'");
            }

            if (rule.Roles.Count == 0 || rule.Roles.Any(r => !NamePattern().IsMatch(r)))
            {
                errors.Add($"Gateway:Authorization:Tools:{i}:Roles must list one or more role names");
            }
        }

        foreach (var pattern in options.Admin.AllowedSecretReferences)
        {
            if (!pattern.StartsWith("env://", StringComparison.Ordinal) && !pattern.StartsWith("file:///", StringComparison.Ordinal))
            {
                errors.Add($"Gateway:Admin:AllowedSecretReferences: '{pattern}' is neither an env:// nor a file:/// reference");
            }
        }

        foreach (var host in options.Http.AllowedHosts.Where(h => h != "*" && (h.Contains(':') && !h.StartsWith('[') || h.Contains('/'))))
        {
            errors.Add($"Gateway:Http:AllowedHosts: '{host}' is not a host name (give names without scheme or port)");
        }
    }

    private static void ValidateKey(ApiKeyOptions key, string path, HashSet<string> names, List<string> errors)
    {
        if (!NamePattern().IsMatch(key.Name))
        {
            errors.Add($"{path}:Name: '{key.Name}' is not a valid key name: use 1-64 letters, digits, '-', '_' or '.'");
        }
        else if (!names.Add(key.Name))
        {
            errors.Add($"{path}:Name: '{key.Name}' is used by an earlier key");
        }

        if (string.IsNullOrEmpty(key.Key) == string.IsNullOrEmpty(key.KeySha256))
        {
            errors.Add($"{path}: give either Key or KeySha256");
        }
        else if (key.KeySha256 is { Length: > 0 } hash && !Sha256Pattern().IsMatch(hash))
        {
            errors.Add($"{path}:KeySha256 is not a SHA-256 in hex (64 hex digits)");
        }
        else if (key.Key is { Length: > 0 })
        {
            try
            {
                var value = SecretReference.Resolve(key.Key);
                if (value.Length < AuthOptions.MinimumKeyLength)
                {
                    errors.Add($"{path}:Key is {value.Length} characters long; API keys must have at least {AuthOptions.MinimumKeyLength} " +
                               "(make one with: openssl rand -base64 32)");
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or UriFormatException)
            {
                errors.Add($"{path}:Key: {ex.Message}");
            }
        }

        if (TenantNames.Problem(key.Tenant) is { } tenant)
        {
            errors.Add($"{path}:Tenant: {tenant}");
        }

        foreach (var role in key.Roles.Where(r => !NamePattern().IsMatch(r)))
        {
            errors.Add($"{path}:Roles: '{role}' is not a valid role name");
        }
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            errors.Add("Gateway:Auth:Jwt:Issuer is required: tokens are accepted only from the issuer named there");
        }

        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add("Gateway:Auth:Jwt:Audience is required: tokens are accepted only when issued for this gateway (their 'aud')");
        }

        if (!string.IsNullOrEmpty(jwt.SigningKey))
        {
            try
            {
                if (System.Text.Encoding.UTF8.GetByteCount(SecretReference.Resolve(jwt.SigningKey)) < 32)
                {
                    errors.Add("Gateway:Auth:Jwt:SigningKey must be at least 32 bytes (HS256)");
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or UriFormatException)
            {
                errors.Add($"Gateway:Auth:Jwt:SigningKey: {ex.Message}");
            }
        }

        foreach (var (name, url) in new[] { ("Authority", jwt.Authority), ("JwksUri", jwt.JwksUri) })
        {
            if (!string.IsNullOrEmpty(url) && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == "https" || uri.Scheme == "http" && uri.IsLoopback)))
            {
                errors.Add($"Gateway:Auth:Jwt:{name}: '{url}' must be an https URL (http only on loopback)");
            }
        }

        if (string.IsNullOrWhiteSpace(jwt.RolesClaim) || string.IsNullOrWhiteSpace(jwt.TenantClaim))
        {
            errors.Add("Gateway:Auth:Jwt:RolesClaim and TenantClaim must name claims");
        }
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\A[0-9a-fA-F]{64}\z")]
    private static partial Regex Sha256Pattern();
}
