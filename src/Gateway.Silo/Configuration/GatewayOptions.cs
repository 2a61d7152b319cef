using Gateway.Catalog;
using Gateway.Transports.Security;
using Gateway.Upstreams;

namespace Gateway.Silo.Configuration;

/// <summary>The "Gateway" section of the config file; cluster.example.json shows every option.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where the silo listens for MCP clients (Kestrel URL list, ';'-separated).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:4444";

    /// <summary>Holds the embedded SQLite store (upstreams added through the admin API, grain state).</summary>
    public string DataDirectory { get; set; } = "./data";

    public List<UpstreamDefinition> Upstreams { get; set; } = [];

    public StorageOptions Storage { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public McpEndpointOptions Http { get; set; } = new();

    public CatalogOptions Catalog { get; set; } = new();
}

public sealed class StorageOptions
{
    /// <summary>
    /// "sqlite" (default, a file under DataDirectory), "memory" (nothing survives a restart) or
    /// "postgres" (ConnectionString required; what a cluster uses).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite: overrides the file location. PostgreSQL: the Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class ClusterOptions
{
    /// <summary>Silos sharing a database but not this id never see each other.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// "memory" (default): one silo on its own, nothing shared. "postgres": a cluster of silos whose
    /// membership and grain directory live in the database at ConnectionString.
    /// </summary>
    public string Provider { get; set; } = "memory";

    /// <summary>The Npgsql connection string of the cluster's database (postgres only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silo-to-silo port (HTTP/2, authenticated by ClusterKey); never the client port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The host name or IP address the other silos reach this one on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The shared secret that signs silo-to-silo traffic; at least 32 characters; may be an env:// or file:// reference.</summary>
    public string? ClusterKey { get; set; }

    /// <summary>How often a silo writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo whose heartbeat is older than this is voted Dead (a silo whose port refuses connections is voted Dead at once).</summary>
    public TimeSpan FailureTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo reads the membership table.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The deadline of a grain call between silos; longer than the longest upstream call timeout.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(6);

    public bool Enabled => Provider == "postgres";

    /// <summary>The key itself, an env:// or file:// reference resolved; "" when unset or when the reference cannot be read (<paramref name="error"/> says why).</summary>
    public string ResolveClusterKey(out string? error)
    {
        error = null;
        try
        {
            return ClusterKey is null ? "" : SecretReference.Resolve(ClusterKey);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or UriFormatException)
        {
            error = ex.Message;
            return "";
        }
    }
}
