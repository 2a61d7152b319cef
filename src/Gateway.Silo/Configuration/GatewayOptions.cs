using Gateway.Configuration;
using Gateway.Catalog;
using Gateway.Transports.Security;
using Gateway.Upstreams;
using Gateway.Upstreams.Network;
using SessionOptions = Gateway.Sessions.SessionOptions;

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

    public AdminOptions Admin { get; set; } = new();

    public Gateway.Sessions.ToolAuthorizationOptions Authorization { get; set; } = new();

    public NetworkOptions Network { get; set; } = new();

    public SessionOptions Sessions { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();
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

    /// <summary>Apply sql/ at start (idempotent; safe when silos start together); false when operators apply it themselves.</summary>
    public bool ApplySchema { get; set; } = true;
}

public sealed class ClusterOptions
{
    /// <summary>Silos sharing a database but not this id never see each other (Orleans' ClusterId and ServiceId).</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>
    /// "memory" (default): one silo on its own (Orleans' localhost clustering), nothing shared.
    /// "postgres": a cluster of silos whose membership table lives in the database at ConnectionString.
    /// </summary>
    public string Provider { get; set; } = "memory";

    /// <summary>The Npgsql connection string of the cluster's membership table (postgres only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The silo-to-silo port (Orleans' silo port); never the client port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The IP address the other silos reach this one on. Loopback binds loopback only; any other needs <see cref="Tls"/>.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Gone: silo-to-silo traffic is authenticated by mutual TLS (<see cref="Tls"/>). Set only to be told so.</summary>
    public string? ClusterKey { get; set; }

    /// <summary>How long a silo waits for a probe's answer (Orleans' ClusterMembershipOptions.ProbeTimeout).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects another (NumMissedProbesLimit).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Suspicions needed to declare a silo dead (NumVotesForDeathDeclaration).</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>The longest a grain call may take (Orleans' ResponseTimeout); longer than any upstream call timeout.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(6);

    public ClusterTlsOptions Tls { get; set; } = new();

    public bool Enabled => Provider == "postgres";
}

/// <summary>The certificate every silo presents to every other and requires of it (mutual TLS).</summary>
public sealed class ClusterTlsOptions
{
    /// <summary>A PKCS#12 file: a path, file:///path, or env://NAME holding the file's base64.</summary>
    public string? Certificate { get; set; }

    /// <summary>The file's password; may be an env:// or file:// reference.</summary>
    public string? Password { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Certificate);
}
