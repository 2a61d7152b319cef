using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.LoadRunner;

/// <summary>One MCP session calling the tool in a closed loop: the next call starts when the previous one ends.</summary>
public sealed class SessionWorker(McpClient client, LoadRunOptions options, ErrorTally errors)
{
    public LatencyRecorder Recorder { get; } = new();

    public async Task RunAsync(RunWindow window, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= window.MeasureEnd)
            {
                return;
            }

            string? failure;
            try
            {
                var result = await client.CallToolAsync(options.Tool, options.Arguments, cancellationToken: cancellationToken);
                failure = result.IsError == true ? "tool error: " + FirstText(result) : null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failure = $"{ex.GetType().Name}: {ex.Message}";
            }

            var ended = Stopwatch.GetTimestamp();
            if (window.IsMeasured(started, ended))
            {
                Recorder.Record(ended - started, succeeded: failure is null);
                if (failure is not null)
                {
                    errors.Add(failure);
                }
            }
        }
    }

    private static string FirstText(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "(no text)";
}
