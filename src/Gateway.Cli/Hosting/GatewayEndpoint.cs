namespace Gateway.Cli.Hosting;

/// <summary>The gateway a command talks to, resolved from the global options.</summary>
public sealed record GatewayEndpoint(Uri BaseUrl, string? ApiKey, bool Json)
{
    public Uri AdminUpstreams => Combine("admin/upstreams");

    public Uri AdminUpstream(string name) => Combine("admin/upstreams/" + Uri.EscapeDataString(name));

    public Uri AdminPins => Combine("admin/pins");

    public Uri AdminSessions(string? principal) =>
        Combine(principal is null ? "admin/sessions" : "admin/sessions?principal=" + Uri.EscapeDataString(principal));

    /// <summary><c>/admin/pins/UPSTREAM/TOOL/ACTION</c>, where ACTION is approve or reject.</summary>
    public Uri AdminPin(string upstream, string tool, string action) =>
        Combine($"admin/pins/{Uri.EscapeDataString(upstream)}/{Uri.EscapeDataString(tool)}/{action}");

    /// <summary>The federated endpoint, or one upstream's own endpoint when <paramref name="server"/> is given.</summary>
    public Uri Mcp(string? server) =>
        string.IsNullOrEmpty(server) ? Combine("mcp") : Combine("servers/" + Uri.EscapeDataString(server) + "/mcp");

    // Keeps any path prefix of the base URL (a gateway mounted under /gw/ behind a proxy).
    private Uri Combine(string relative) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative);
}
