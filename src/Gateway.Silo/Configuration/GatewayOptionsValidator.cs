using System.Net;
using Gateway.Catalog;
using Gateway.Upstreams.Network;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Configuration;

/// <summary>Checks the whole Gateway section at start and names every bad setting with its value.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var urls = ClientUrls.Split(options.Urls);
        if (urls.Length == 0)
        {
            errors.Add("Gateway:Urls is empty");
        }

        foreach (var url in urls)
        {
            if (!ClientUrls.TryParse(url, out var uri))
            {
                errors.Add($"Gateway:Urls: '{url}' is not a URL");
            }
            else if (!ClusterAddress.IsLoopback(uri.Host) && !options.Auth.Enabled)
            {
                errors.Add($"Gateway:Urls: '{url}' is not a loopback address, so Gateway:Auth must configure API keys or JWT; the gateway refuses to serve unauthenticated clients off this machine");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Gateway:DataDirectory is empty");
        }

        if (options.Storage.Provider is not ("sqlite" or "memory" or "postgres"))
        {
            errors.Add($"Gateway:Storage:Provider: '{options.Storage.Provider}' is not a storage provider: use sqlite, memory or postgres");
        }
        else if (options.Storage.Provider == "postgres" && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            errors.Add("Gateway:Storage:ConnectionString is required when Gateway:Storage:Provider is postgres");
        }

        ValidateCluster(options, urls, errors);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Upstreams.Count; i++)
        {
            var upstream = options.Upstreams[i];
            foreach (var (field, messages) in UpstreamDefinitionValidator.Validate(upstream))
            {
                errors.AddRange(messages.Select(m => $"Gateway:Upstreams:{i}:{field}: {m}"));
            }

            if (!seen.Add(upstream.Name))
            {
                errors.Add($"Gateway:Upstreams:{i}:name: '{upstream.Name}' is used by an earlier upstream");
            }
        }

        SecurityOptionsValidator.Validate(options, errors);

        if (options.Http.MaxRequestBodyBytes <= 0)
        {
            errors.Add($"Gateway:Http:MaxRequestBodyBytes: {options.Http.MaxRequestBodyBytes} must be positive");
        }

        // ASP.NET Core's WebSocket keep-alive pings only at a positive interval, and then needs a positive timeout.
        if (options.Http.KeepAliveInterval <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:Http:KeepAliveInterval: {options.Http.KeepAliveInterval} must be positive");
        }

        if (options.Http.WebSocketKeepAliveTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:Http:WebSocketKeepAliveTimeout: {options.Http.WebSocketKeepAliveTimeout} must be positive");
        }

        if (options.Http.WebSocketMaxRequestsInFlight < 1)
        {
            errors.Add($"Gateway:Http:WebSocketMaxRequestsInFlight: {options.Http.WebSocketMaxRequestsInFlight} must be at least 1");
        }

        if (options.Catalog.PageSize is < 1 or > 10000)
        {
            errors.Add($"Gateway:Catalog:PageSize: {options.Catalog.PageSize} must be between 1 and 10000");
        }

        if (string.IsNullOrEmpty(options.Catalog.Separator))
        {
            errors.Add("Gateway:Catalog:Separator is empty");
        }

        if (options.Catalog.Pinning is not (CatalogOptions.PinningOn or CatalogOptions.PinningOff))
        {
            errors.Add($"Gateway:Catalog:Pinning: '{options.Catalog.Pinning}' is not a pinning mode: use on (hold changed tool definitions for approval) or off");
        }

        ValidateNetwork(options.Network, errors);

        // A grain timer waits at most about 49 days; no session needs to idle longer than 30.
        if (options.Sessions.IdleTimeout < TimeSpan.FromSeconds(1) || options.Sessions.IdleTimeout > TimeSpan.FromDays(30))
        {
            errors.Add($"Gateway:Sessions:IdleTimeout: {options.Sessions.IdleTimeout} must be between 00:00:01 and 30.00:00:00");
        }

        if (options.Sessions.MaxPerPrincipal < 1)
        {
            errors.Add($"Gateway:Sessions:MaxPerPrincipal: {options.Sessions.MaxPerPrincipal} must be at least 1");
        }

        if (options.Sessions.ClientAnswerTimeout < TimeSpan.FromSeconds(1) || options.Sessions.ClientAnswerTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"Gateway:Sessions:ClientAnswerTimeout: {options.Sessions.ClientAnswerTimeout} must be between 00:00:01 and 01:00:00");
        }

        if (options.Sessions.MaxTasks < 1)
        {
            errors.Add($"Gateway:Sessions:MaxTasks: {options.Sessions.MaxTasks} must be at least 1");
        }

        if (options.Sessions.MaxTaskLifetime < TimeSpan.FromMinutes(1) || options.Sessions.MaxTaskLifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"Gateway:Sessions:MaxTaskLifetime: {options.Sessions.MaxTaskLifetime} must be between 00:01:00 and 30.00:00:00");
        }

        if (options.Sessions.MaxSubscriptions < 1)
        {
            errors.Add($"Gateway:Sessions:MaxSubscriptions: {options.Sessions.MaxSubscriptions} must be at least 1");
        }

        ValidateAudit(options.Audit, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAudit(AuditOptions audit, List<string> errors)
    {
        if (audit.Directory is { } directory && (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"Gateway:Audit:Directory: '{directory}' is not a directory path (leave it out for 'audit' under Gateway:DataDirectory)");
        }

        if (audit.RetainedFiles is < 1 or > 3650)
        {
            errors.Add($"Gateway:Audit:RetainedFiles: {audit.RetainedFiles} must be between 1 and 3650");
        }
    }

    private static void ValidateNetwork(NetworkOptions network, List<string> errors)
    {
        for (var i = 0; i < network.AllowedUpstreamHosts.Count; i++)
        {
            if (!UpstreamAllowlist.TryParseHost(network.AllowedUpstreamHosts[i], out _, out _))
            {
                errors.Add($"Gateway:Network:AllowedUpstreamHosts:{i}: '{network.AllowedUpstreamHosts[i]}' is not a host name or IP address " +
                           "(write the host alone: no scheme, port or path)");
            }
        }

        for (var i = 0; i < network.AllowedUpstreamNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(network.AllowedUpstreamNetworks[i], out _))
            {
                errors.Add($"Gateway:Network:AllowedUpstreamNetworks:{i}: '{network.AllowedUpstreamNetworks[i]}' is not a CIDR network " +
                           "(an address and a prefix length, e.g. 10.20.0.0/16 or fd00:1::/64; a single address is /32 or /128)");
            }
        }
    }

    private static void ValidateCluster(GatewayOptions options, string[] urls, List<string> errors)
    {
        var cluster = options.Cluster;
        if (cluster.Provider is not ("memory" or "postgres"))
        {
            errors.Add($"Gateway:Cluster:Provider: '{cluster.Provider}' is not a cluster provider: use memory (one silo) or postgres");
            return;
        }

        if (cluster.SiloPort is < 1 or > 65535)
        {
            errors.Add($"Gateway:Cluster:SiloPort: {cluster.SiloPort} is not a port (1-65535)");
        }

        if (cluster.ClusterKey is not null)
        {
            errors.Add("Gateway:Cluster:ClusterKey is no longer used: silos authenticate each other with mutual TLS. " +
                       "Remove it, and set Gateway:Cluster:Tls:Certificate (and Tls:Password) to the cluster's certificate when silos talk off loopback");
        }

        if (!cluster.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(cluster.ConnectionString))
        {
            errors.Add("Gateway:Cluster:ConnectionString is required when Gateway:Cluster:Provider is postgres");
        }

        if (options.Storage.Provider != "postgres")
        {
            errors.Add($"Gateway:Storage:Provider is '{options.Storage.Provider}', but a cluster (Gateway:Cluster:Provider postgres) needs postgres storage: grain state must outlive any one silo");
        }

        if (string.IsNullOrWhiteSpace(cluster.ClusterId) || cluster.ClusterId.Length > 200)
        {
            errors.Add($"Gateway:Cluster:ClusterId: '{cluster.ClusterId}' must be a non-empty name of at most 200 characters");
        }

        if (urls.Any(url => ClientUrls.TryParse(url, out var uri) && uri.Port == cluster.SiloPort))
        {
            errors.Add($"Gateway:Cluster:SiloPort: {cluster.SiloPort} is also a client port in Gateway:Urls; cluster traffic needs a port of its own");
        }

        if (!ClusterAddress.TryResolve(cluster.AdvertisedAddress, out _, out var addressError))
        {
            errors.Add($"Gateway:Cluster:AdvertisedAddress: '{cluster.AdvertisedAddress}' {addressError}");
            return;
        }

        if (!ClusterAddress.IsLoopback(cluster.AdvertisedAddress) && !cluster.Tls.Enabled)
        {
            errors.Add($"Gateway:Cluster:Tls:Certificate is required: Gateway:Cluster:AdvertisedAddress '{cluster.AdvertisedAddress}' is not loopback, " +
                       "and silo-to-silo traffic off this machine must be mutual TLS");
        }

        if (cluster.Tls.Enabled)
        {
            try
            {
                using var certificate = ClusterCertificate.Load(cluster.Tls);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                errors.Add($"Gateway:Cluster:Tls:Certificate: {ex.Message}");
            }
        }

        if (cluster.ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:Cluster:ProbeTimeout ({cluster.ProbeTimeout}) must be positive");
        }

        if (cluster.MissedProbesLimit < 1)
        {
            errors.Add($"Gateway:Cluster:MissedProbesLimit ({cluster.MissedProbesLimit}) must be at least 1");
        }

        if (cluster.VotesForDeathDeclaration < 1)
        {
            errors.Add($"Gateway:Cluster:VotesForDeathDeclaration ({cluster.VotesForDeathDeclaration}) must be at least 1");
        }

        if (cluster.CallTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:Cluster:CallTimeout ({cluster.CallTimeout}) must be positive");
        }
    }
}
