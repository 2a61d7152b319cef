using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gateway.ConformanceUpstream.Tools;

/// <summary>
/// Tools that send the client something before their result: log messages
/// (tools-call-with-logging), progress (tools-call-with-progress), and a response stream ended
/// mid-call so the result must be fetched by resuming it (server-sse-polling, SEP-1699).
/// </summary>
[McpServerToolType]
public sealed class NotifyingTools(ILogger<NotifyingTools> logger)
{
    /// <summary>The scenarios ask for about 50 ms between notifications, so they cannot all arrive in one write.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>The retry a client is told to wait before resuming the stream test_reconnection ends.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    [McpServerTool(Name = "test_tool_with_logging"), Description("Sends three info log messages, 50 ms apart, then answers.")]
    public static async Task<string> WithLoggingAsync(McpServer server, CancellationToken cancellationToken)
    {
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Pause, cancellationToken);
            }

            await LogAsync(server, LoggingLevel.Info, messages[i], cancellationToken);
        }

        return "Tool with logging executed successfully";
    }

    [McpServerTool(Name = "test_tool_with_progress"), Description("Reports progress 0, 50 and 100 of 100, 50 ms apart, when the call has a progress token.")]
    public static async Task<string> WithProgressAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var token = context.Params?.ProgressToken;
        float[] steps = [0, 50, 100];
        for (var i = 0; i < steps.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Pause, cancellationToken);
            }

            // Awaited one by one, so the notifications leave in order and before the result.
            if (token is { } progressToken)
            {
                await context.Server.NotifyProgressAsync(progressToken, new ProgressNotificationValue { Progress = steps[i], Total = 100 }, cancellationToken: cancellationToken);
            }
        }

        return token is null ? "Tool with progress executed (no progress token, so no progress sent)" : "Tool with progress executed successfully";
    }

    /// <summary>
    /// Ends the POST's SSE stream before the result is sent; the SDK stores the result in the
    /// event store, and the client reads it by resuming with Last-Event-ID (Streamable HTTP,
    /// "Resumability and Redelivery").
    /// </summary>
    [McpServerTool(Name = "test_reconnection"), Description("Closes its response stream mid-call; the result comes when the client resumes the stream.")]
    public async Task<string> ReconnectionAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        // The result follows at once: in polling mode a GET with Last-Event-ID replays what is stored
        // and ends, so a result still being made would be missing from the client's one resume.
        await context.EnablePollingAsync(PollInterval, cancellationToken);
        Log.PollingEnabled(logger, "test_reconnection");
        return "Reconnection test completed: this result was sent after the stream closed";
    }

    /// <summary>Sends one notifications/message unless the session asked (logging/setLevel) for a higher level only.</summary>
    private static async Task LogAsync(McpServer server, LoggingLevel level, string message, CancellationToken cancellationToken)
    {
        if (server.LoggingLevel is { } threshold && level < threshold)
        {
            return;
        }

        await server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams { Level = level, Logger = "conformance", Data = JsonSerializer.SerializeToElement(message, McpJsonUtilities.DefaultOptions) },
            cancellationToken: cancellationToken);
    }
}
