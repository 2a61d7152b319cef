namespace Gateway.Persistence;

/// <summary>The names of the grain state stores, as <c>Gateway:Storage:Provider</c> spells them.</summary>
public static class GatewayStorageProviders
{
    /// <summary>Orleans' in-memory storage: state lives as long as the silo, for tests and trials.</summary>
    public const string Memory = "memory";

    /// <summary>A SQLite file: the embedded single silo's default.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>PostgreSQL: the store a cluster shares.</summary>
    public const string Postgres = "postgres";

    private static readonly string[] All = [Memory, Sqlite, Postgres];

    /// <summary>The provider's name as spelled above, whatever its case; throws for a name that is none of them.</summary>
    internal static string Canonical(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return All.FirstOrDefault(known => string.Equals(provider, known, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Gateway:Storage: unknown storage provider '{provider}'; expected {Memory}, {Sqlite} or {Postgres}.", nameof(provider));
    }
}
