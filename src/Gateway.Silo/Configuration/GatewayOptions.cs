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
