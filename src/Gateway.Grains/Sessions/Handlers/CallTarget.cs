namespace Gateway.Sessions.Handlers;

/// <summary>
/// Where a request went, as its handler found out: filled in while the request runs, read by the
/// session for the request's audit line when it ends. One per request, never shared.
/// </summary>
public sealed class CallTarget
{
    public string? Upstream { get; set; }

    /// <summary>tools/call: the merged name of the tool, or the name sent when nothing serves it.</summary>
    public string? Tool { get; set; }

    /// <summary>prompts/get: the prompt's name as sent.</summary>
    public string? Prompt { get; set; }
}
