using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Gateway.Security;
using Microsoft.Extensions.Options;
using Orleans;

namespace Gateway.Transports.Security;

/// <summary>
/// Answers "whose key is this?" on each silo: the config file's keys, and the keys created through
/// the admin API, of which each silo keeps a copy read from <see cref="IApiKeyRegistryGrain"/>.
/// The copy is re-read when it is older than <see cref="MaxAge"/>, and at most once per
/// <see cref="MissRefresh"/> when a key is not in it, so a key created on another silo works
/// within about a second, and a revoked one stops working within <see cref="MaxAge"/>.
/// </summary>
public sealed class ApiKeyDirectory
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissRefresh = TimeSpan.FromSeconds(1);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly bool _managed;
    private readonly Dictionary<string, KnownKey> _configured;
    private readonly Lock _gate = new();
    private Copy _copy = new(-1, new Dictionary<string, KnownKey>(), DateTimeOffset.MinValue);
    private Task<Copy>? _refreshing;

    public ApiKeyDirectory(IOptions<AuthOptions> options, IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _time = time;
        _managed = options.Value.AllowManagedKeys && options.Value.Enabled;
        _configured = new Dictionary<string, KnownKey>(StringComparer.Ordinal);
        foreach (var key in options.Value.ApiKeys)
        {
            var hash = (key.KeySha256 ?? Hash(SecretReference.Resolve(key.Key ?? ""))).ToLowerInvariant();
            _configured[hash] = new KnownKey(key.Name, [.. key.Roles], key.Tenant, key.ExpiresAt, null);
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The key's holder, or null for a key the gateway does not know (or no longer honours).</summary>
    public async ValueTask<KnownKey?> FindAsync(string presented)
    {
        var hash = Hash(presented);
        if (_configured.TryGetValue(hash, out var configured))
        {
            return configured;
        }

        if (!_managed)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var copy = _copy;
        if (now - copy.ReadAt > MaxAge || (!copy.Keys.ContainsKey(hash) && now - copy.ReadAt > MissRefresh))
        {
            copy = await RefreshAsync();
        }

        return copy.Keys.TryGetValue(hash, out var managed) ? managed : null;
    }

    /// <summary>Called after this silo changed the keys, so its own copy is never stale.</summary>
    public void Invalidate() => _copy = _copy with { ReadAt = DateTimeOffset.MinValue };

    private async Task<Copy> RefreshAsync()
    {
        Task<Copy> reading;
        lock (_gate)
        {
            reading = _refreshing ??= ReadAsync();
        }

        try
        {
            return await reading;
        }
        catch (Exception)
        {
            // The registry is out of reach for a moment (its silo just died): the last copy serves.
            return _copy;
        }
        finally
        {
            lock (_gate)
            {
                if (_refreshing == reading)
                {
                    _refreshing = null;
                }
            }
        }
    }

    private async Task<Copy> ReadAsync()
    {
        var keys = await _grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.ClusterKey).ListAsync();
        var copy = new Copy(
            keys.Version,
            keys.Keys.Where(k => k.RevokedAt is null).ToDictionary(
                k => k.Sha256, k => new KnownKey(k.Name, [.. k.Roles], k.Tenant, k.ExpiresAt, k.Prefix), StringComparer.Ordinal),
            _time.GetUtcNow());
        _copy = copy;
        return copy;
    }

    private sealed record Copy(long Version, Dictionary<string, KnownKey> Keys, DateTimeOffset ReadAt);
}

/// <param name="Prefix">Set for keys created through the admin API; null for the config file's.</param>
public sealed record KnownKey(string Name, string[] Roles, string? Tenant, DateTimeOffset? ExpiresAt, string? Prefix);
