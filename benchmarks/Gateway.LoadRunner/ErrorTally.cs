using System.Collections.Concurrent;

namespace Gateway.LoadRunner;

/// <summary>Counts failures by message, so a run with errors says what they were without logging each one.</summary>
public sealed class ErrorTally
{
    private const int MaxMessageLength = 200;
    private const int MaxDistinctMessages = 50;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string message)
    {
        var key = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
        if (_counts.Count >= MaxDistinctMessages && !_counts.ContainsKey(key))
        {
            key = "(other errors)";
        }

        _counts.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    public IReadOnlyList<KeyValuePair<string, int>> MostFrequent(int count) =>
        [.. _counts.OrderByDescending(pair => pair.Value).Take(count)];
}
