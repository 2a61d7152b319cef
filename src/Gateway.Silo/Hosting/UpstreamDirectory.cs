using Orleans;
using Gateway.Security;
using Gateway.Silo.Configuration;
using Gateway.Transports.StreamableHttp;
using Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace Gateway.Silo.Hosting;

/// <summary>
/// The upstreams the silo knows: those of the config file (always present, not removable, and
/// marked <see cref="UpstreamDefinition.FromConfig"/>, so they reach loopback and private
/// addresses) and those added through the admin API (persisted by the registry grain, and behind
/// the SSRF guard).
/// </summary>
public sealed class UpstreamDirectory(IOptions<GatewayOptions> options, IGrainFactory grains) : IVirtualServerDirectory, IConfiguredUpstreams
{
    public IReadOnlyList<UpstreamDefinition> Configured { get; } = [.. options.Value.Upstreams.Select(u => u with { FromConfig = true })];

    public bool IsConfigured(string name) => Configured.Any(u => u.Name == name);

    public UpstreamDefinition? Find(string name) => Configured.FirstOrDefault(u => u.Name == name);

    public IUpstreamRegistryGrain Registry => grains.GetGrain<IUpstreamRegistryGrain>(IUpstreamRegistryGrain.ClusterKey);

    public async Task<IReadOnlyList<(UpstreamDefinition Definition, string Source)>> ListAsync()
    {
        var added = await Registry.ListAsync();
        return Configured.Select(d => (d, "config"))
            .Concat(added.Where(d => !IsConfigured(d.Name)).Select(d => (d, "admin")))
            .ToList();
    }

    public async ValueTask<bool> ExistsAsync(string server, string? tenant, CancellationToken cancellationToken) =>
        (Find(server) ?? (await Registry.ListAsync()).FirstOrDefault(u => u.Name == server)) is { } upstream
        && Tenancy.Sees(tenant, upstream.Tenant);
}
