namespace Gateway.Cli.Admin;

/// <summary>
/// Body of <c>POST /admin/upstreams</c>. Only the fields of the chosen transport are set; the others stay
/// <see langword="null"/> and are left out of the JSON.
/// </summary>
public sealed record AddUpstreamRequest
{
    public required string Name { get; init; }

    public required string Transport { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The tenant it belongs to; left out, the gateway gives it the caller's (none for the operator).</summary>
    public string? Tenant { get; init; }

    public static AddUpstreamRequest Stdio(string name, string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env) =>
        new() { Name = name, Transport = UpstreamTransports.Stdio, Command = command, Args = args, Env = env };

    public static AddUpstreamRequest Http(string name, string url, IReadOnlyDictionary<string, string> headers) =>
        new() { Name = name, Transport = UpstreamTransports.Http, Url = url, Headers = headers };
}
