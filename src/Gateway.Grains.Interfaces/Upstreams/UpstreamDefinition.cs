namespace Gateway.Upstreams;

/// <summary>
/// How to reach one upstream MCP server. Bound from the config file (Gateway:Upstreams) and from
/// the admin API; it never leaves the gateway with its secrets (see <see cref="UpstreamView"/>).
/// </summary>
[GenerateSerializer, Alias("gw.UpstreamDefinition")]
public sealed record UpstreamDefinition
{
    [Id(0)]
    public string Name { get; init; } = "";

    /// <summary>"stdio", "http" (Streamable HTTP) or "sse" (legacy HTTP+SSE).</summary>
    [Id(1)]
    public string Transport { get; init; } = UpstreamTransports.Stdio;

    [Id(2)]
    public string? Command { get; init; }

    [Id(3)]
    public string[] Args { get; init; } = [];

    [Id(4)]
    public Dictionary<string, string> Env { get; init; } = [];

    [Id(5)]
    public string? WorkingDirectory { get; init; }

    [Id(6)]
    public string? Url { get; init; }

    [Id(7)]
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>
    /// A stateless upstream shares one connection among all client sessions; otherwise each client
    /// session gets its own upstream session, so state never leaks between clients.
    /// </summary>
    [Id(8)]
    public bool Stateless { get; init; }

    [Id(9)]
    public string[] Tags { get; init; } = [];

    /// <summary>Upper bound on one forwarded request, in seconds.</summary>
    [Id(10)]
    public double CallTimeoutSeconds { get; init; } = 300;

    /// <summary>
    /// The operator's own upstream, from the config file: trusted to reach any address, loopback
    /// and private networks included. Set only by the silo for Gateway:Upstreams; every other
    /// upstream (the admin API's) connects through the SSRF guard.
    /// </summary>
    [Id(11)]
    public bool FromConfig { get; init; }

    /// <summary>
    /// How many processes of this stdio upstream one silo may run for its client sessions, starting
    /// ones included: each stateful session has its own, so without a bound every new session would
    /// start one more. A session that would need one beyond it is refused, never handed another's.
    /// </summary>
    [Id(12)]
    public int MaxProcesses { get; init; } = 8;

    /// <summary>
    /// Seconds a stdio process may go unused by its session (no request in flight) before it is
    /// stopped; the session's next call starts a fresh one.
    /// </summary>
    [Id(13)]
    public double ProcessIdleTimeoutSeconds { get; init; } = 600;

    /// <summary>How the gateway authenticates to this (HTTP) upstream; null sends only <see cref="Headers"/>.</summary>
    [Id(14)]
    public UpstreamAuth? Auth { get; init; }

    /// <summary>
    /// The tenant this upstream belongs to: only that tenant's principals see its tools, prompts and
    /// resources, and only its admins (or an admin of no tenant) manage it. Null: the upstream of no
    /// tenant, seen by principals of no tenant (<see cref="Security.Tenancy"/>).
    /// </summary>
    [Id(15)]
    public string? Tenant { get; init; }

    /// <summary>
    /// The same definition with every value that may hold a secret mapped: each of Headers and Env,
    /// and the secret fields of Auth. How secrets are encrypted for storage, masked for the admin
    /// API and left out of what a config-file upstream's grain stores.
    /// </summary>
    public UpstreamDefinition MapSecrets(Func<string, string> map) => this with
    {
        Headers = Headers.ToDictionary(h => h.Key, h => map(h.Value), StringComparer.Ordinal),
        Env = Env.ToDictionary(e => e.Key, e => map(e.Value), StringComparer.Ordinal),
        Auth = Auth?.MapSecrets(map),
    };

    /// <summary>Every value that may hold a secret, with its field as the admin API and the validator name it.</summary>
    public IEnumerable<(string Field, string Value)> Secrets() =>
        Headers.Values.Select(v => ("headers", v))
            .Concat(Env.Values.Select(v => ("env", v)))
            .Concat(Auth?.Secrets() ?? []);
}
