namespace Gateway.LoadRunner;

/// <summary>One load run: who to call, how hard, for how long.</summary>
public sealed record LoadRunOptions
{
    /// <summary>MCP endpoints; session <c>i</c> uses <c>Urls[i % Urls.Count]</c>.</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

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
