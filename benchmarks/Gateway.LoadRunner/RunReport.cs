using System.Globalization;
using System.Text.Json.Serialization;

namespace Gateway.LoadRunner;

/// <summary>The result of one run: the summary line on stdout and the <c>--json-out</c> document.</summary>
public sealed record RunReport
{
    /// <summary>Each request of a session goes to the next URL in turn.</summary>
    public const string RoundRobinRouting = "round-robin";

    /// <summary>Each session keeps to the URL it initialized on.</summary>
    public const string StickyRouting = "sticky";

    public required string Label { get; init; }

    public required int Sessions { get; init; }

    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>With several URLs, <see cref="RoundRobinRouting"/> or <see cref="StickyRouting"/>; null (not written) with one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Routing { get; init; }

    public required string Tool { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double WarmupSeconds { get; init; }

    public required double DurationSeconds { get; init; }

    public required long Calls { get; init; }

    public required double Rps { get; init; }

    public required double P50Ms { get; init; }

    public required double P90Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double MaxMs { get; init; }

    public required long Errors { get; init; }

    /// <summary>The most frequent error messages with their counts.</summary>
    public required IReadOnlyDictionary<string, int> ErrorMessages { get; init; }

    public string ToSummaryLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"label={QuoteIfNeeded(Label)} sessions={Sessions} duration={DurationSeconds:0.##}s calls={Calls} rps={Rps:0.00} " +
        $"p50={P50Ms:0.00}ms p90={P90Ms:0.00}ms p99={P99Ms:0.00}ms max={MaxMs:0.00}ms errors={Errors}");

    private static string QuoteIfNeeded(string text) =>
        text.Length == 0 || text.Any(char.IsWhiteSpace) || text.Contains('"') ? "\"" + text.Replace("\"", "\\\"") + "\"" : text;
}
