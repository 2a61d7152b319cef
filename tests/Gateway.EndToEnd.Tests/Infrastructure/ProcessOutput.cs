using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Everything a child process wrote on stdout and stderr, in arrival order, so a failing test can
/// show what the process said. Reading runs until both streams close.
/// </summary>
public sealed class ProcessOutput
{
    private const int MaxLines = 20_000;

    private readonly Queue<string> _lines = new();
    private readonly Task _drained;

    public ProcessOutput(Process process)
    {
        _drained = Task.WhenAll(
            PumpAsync(process.StandardOutput, "out"),
            PumpAsync(process.StandardError, "err"));
    }

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>
    /// The last lines, for assertion messages that must stay readable: a JSON log line shows as
    /// its level, rendered message and the first line of its exception.
    /// </summary>
    public string Tail(int count = 40)
    {
        lock (_lines)
        {
            var builder = new StringBuilder();
            foreach (var line in _lines.Skip(Math.Max(0, _lines.Count - count)))
            {
                builder.Append(Summarize(line)).Append('\n');
            }

            return builder.Length == 0 ? "(no output)" : builder.ToString();
        }
    }

    /// <summary>Waits until both streams are at their end, or the timeout passes (a grandchild may hold them).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        await Task.WhenAny(_drained, Task.Delay(timeout));
    }

    private static string Summarize(string line)
    {
        var json = line.IndexOf('{');
        if (json < 0)
        {
            return line;
        }

        try
        {
            if (JsonNode.Parse(line[json..]) is JsonObject { } entry && entry["RenderedMessage"] is { } message)
            {
                var exception = ((string?)entry["Exception"])?.Split('\n')[0];
                return $"{line[..json]}{entry["Level"]}: {message}{(exception is null ? "" : " | " + exception)}";
            }
        }
        catch (JsonException)
        {
            // Not a log entry after all.
        }

        return line;
    }

    private async Task PumpAsync(StreamReader reader, string stream)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_lines)
                {
                    // A chatty process keeps its latest lines: those explain a failure.
                    if (_lines.Count == MaxLines)
                    {
                        _lines.Dequeue();
                    }

                    _lines.Enqueue($"[{stream}] {line}");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is gone and its pipe with it.
        }
    }
}
