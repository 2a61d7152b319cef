namespace Gateway.Security;

/// <summary>
/// The API keys created through the admin API, cluster-wide. Only their SHA-256 is stored: a key
/// is shown once, when it is created, and never again. Keys of the config file are not here.
/// </summary>
[Alias("gw.IApiKeyRegistryGrain")]
public interface IApiKeyRegistryGrain : IGrainWithStringKey
{
    const string ClusterKey = "cluster";

    /// <summary>Every key, revoked and expired ones included, with a version that changes on every write.</summary>
    [AlwaysInterleave, ReadOnly, Alias("List")]
    Task<ManagedApiKeys> ListAsync();

    /// <summary>Returns false when a key of that name exists (revoked names stay taken, so audit lines stay unambiguous).</summary>
    [Alias("Add")]
    Task<bool> AddAsync(ManagedApiKey key);

    /// <summary>Returns false when no live key of that name exists.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string name, DateTimeOffset at);
}

/// <param name="Version">Changes on every write, so a silo's copy can tell it is current.</param>
[GenerateSerializer, Immutable, Alias("gw.ManagedApiKeys")]
public sealed record ManagedApiKeys([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<ManagedApiKey> Keys);

/// <param name="Sha256">The key's SHA-256, lowercase hex: what a presented key is looked up by.</param>
/// <param name="Prefix">The key's first characters, so an operator can tell which key a client holds.</param>
[GenerateSerializer, Immutable, Alias("gw.ManagedApiKey")]
public sealed record ManagedApiKey(
    [property: Id(0)] string Name,
    [property: Id(1)] string Sha256,
    [property: Id(2)] string Prefix,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] string? Tenant,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ExpiresAt,
    [property: Id(7)] string? CreatedBy,
    [property: Id(8)] DateTimeOffset? RevokedAt = null)
{
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
