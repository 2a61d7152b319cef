namespace Gateway.Sessions;

/// <summary>
/// How long sessions live and how many one principal may hold (Gateway:Sessions): without both, a
/// client that initializes and never sends DELETE, or many clients sharing a key, hold state for
/// ever. With authentication off every client is the one anonymous principal, so the cap is then
/// the whole gateway's.
/// </summary>
public sealed class SessionOptions
{
    /// <summary>A session that has had no request and no open stream for this long is ended as DELETE ends it; its id then answers 404.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Open sessions per principal; an initialize beyond it is refused with HTTP 429 and -32054.</summary>
    public int MaxPerPrincipal { get; set; } = 100;

    /// <summary>Resources one session may be subscribed to at once; a resources/subscribe beyond it is refused with -32602.</summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>
    /// How long an upstream's request to the client (sampling, elicitation, roots) waits for the
    /// client's answer before the upstream gets -32056: a person may be answering it.
    /// </summary>
    public TimeSpan ClientAnswerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>MCP tasks one session may hold at once (live, not expired); a task-augmented tools/call beyond it is refused with -32602.</summary>
    public int MaxTasks { get; set; } = 100;

    /// <summary>
    /// The longest the gateway keeps a task, whatever ttl its upstream gave (an unlimited one
    /// included): past it the task is forgotten and its id answers as an unknown one. tasks/result
    /// waits for a task's outcome until then.
    /// </summary>
    public TimeSpan MaxTaskLifetime { get; set; } = TimeSpan.FromDays(1);
}
