namespace Gateway.LoadRunner;

/// <summary>One load run: who to call, how hard, for how long.</summary>
public sealed record LoadRunOptions
{
    /// <summary>
    /// MCP endpoints; session <c>i</c> initializes on <c>Urls[i % Urls.Count]</c>. With several, each later
    /// request of a session goes to the next URL in turn, unless <see cref="Sticky"/>.
    /// </summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    /// <summary>With several URLs: keep every request of a session on the URL it initialized on.</summary>
    public bool Sticky { get; init; }

    /// <summary>True when a session's requests rotate over the URLs (several URLs, not sticky).</summary>
    public bool RotatesRequests => Urls.Count > 1 && !Sticky;

    public required int Sessions { get; init; }

    public required TimeSpan Duration { get; init; }

    public required TimeSpan Warmup { get; init; }

    public required string Tool { get; init; }

    public required IReadOnlyDictionary<string, object?> Arguments { get; init; }

    public required string Label { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Whether each session keeps the standalone GET stream open, as interactive MCP clients do.</summary>
    public bool StandaloneGetStream { get; init; } = true;

    /// <summary>How long calls still running at the end of the run may take before they are abandoned.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
