namespace Gateway.Audit;

/// <summary>
/// One line of the audit log: an MCP request a session answered, a request the front door refused,
/// or an admin change. Never the arguments of a call, only their size; never a key or token.
/// Fields that do not apply are left out of the line.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>When the line was written (the request's end); set by the log.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The silo that wrote it (its Orleans address, as <c>/admin/cluster</c> shows it); set by the log.</summary>
    public string? Silo { get; init; }

    /// <summary><see cref="AuditKinds.Mcp"/> or <see cref="AuditKinds.Admin"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The authenticated principal ("key:NAME", "jwt:SUB", "local"); absent when nobody was authenticated.</summary>
    public string? Principal { get; init; }

    public string? Tenant { get; init; }

    /// <summary>The session, as logs show it: a short hash of its id, never the id.</summary>
    public string? Session { get; init; }

    /// <summary>The virtual server the request came to; absent for the merged <c>/mcp</c>.</summary>
    public string? Server { get; init; }

    /// <summary>The JSON-RPC method, when known.</summary>
    public string? Method { get; init; }

    /// <summary>The JSON-RPC request id, as text.</summary>
    public string? RequestId { get; init; }

    /// <summary>tools/call: the tool's merged name (upstream, separator, original name), or the name sent when nothing serves it.</summary>
    public string? Tool { get; init; }

    /// <summary>prompts/get: the prompt's name as the client sent it.</summary>
    public string? Prompt { get; init; }

    /// <summary>The upstream the request was routed to.</summary>
    public string? Upstream { get; init; }

    /// <summary>An admin change's action (<c>upstream.add</c>, <c>key.revoke</c>...).</summary>
    public string? Action { get; init; }

    /// <summary>What an admin change acted on: an upstream's or a key's name.</summary>
    public string? Target { get; init; }

    /// <summary>One of <see cref="AuditOutcomes"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The JSON-RPC error code, for <see cref="AuditOutcomes.Error"/> answers.</summary>
    public int? Code { get; init; }

    /// <summary>The HTTP status, for what the front door refused or failed, and for admin changes that did not succeed.</summary>
    public int? Status { get; init; }

    public double? DurationMs { get; init; }

    /// <summary>The size of the request's <c>params.arguments</c> in UTF-8 JSON bytes (tools/call, prompts/get).</summary>
    public long? ArgumentsBytes { get; init; }
}
