namespace Gateway.Sessions;

/// <param name="Principal">The authenticated principal the session is bound to; null when auth is off.</param>
/// <param name="Server">The virtual server: null for the merged catalog, else one upstream's name.</param>
/// <param name="Tenant">The principal's tenant, when its key or token names one (for the audit line).</param>
/// <param name="Legacy">Opened on the legacy HTTP+SSE transport, which also speaks its own revision, 2024-11-05.</param>
[GenerateSerializer, Immutable, Alias("gw.SessionOpening")]
public sealed record SessionOpening(string? Principal, string? Server, string? Tenant = null, bool Legacy = false);
