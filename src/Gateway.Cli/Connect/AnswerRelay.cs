using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Connect;

/// <summary>
/// Copies what the gateway sends, a JSON body or an SSE stream of messages, to stdout one message per line,
/// and notes which requests got their answer.
/// </summary>
public sealed class AnswerRelay(StdoutWriter stdout, ILogger logger)
{
    private const string MessageEvent = "message";

    /// <summary>Relays a successful POST answer; returns the id keys of the responses in it.</summary>
    public async Task<HashSet<string>> RelayAsync(HttpResponseMessage response, Action<JsonObject>? observe, CancellationToken cancellationToken)
    {
        var answered = new HashSet<string>(StringComparer.Ordinal);
        switch (response.Content.Headers.ContentType?.MediaType)
        {
            case "text/event-stream":
                await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
                {
                    await RelayEventsAsync(body, answered, observe, onEventId: null, cancellationToken);
                }

                break;
            case "application/json":
                await RelayJsonAsync(await response.Content.ReadAsStringAsync(cancellationToken), answered, observe, cancellationToken);
                break;
        }

        return answered;
    }

    /// <summary>Relays each SSE event's message until the stream ends; <paramref name="onEventId"/> sees every event id.</summary>
    public async Task RelayEventsAsync(
        Stream body,
        HashSet<string> answered,
        Action<JsonObject>? observe,
        Action<string>? onEventId,
        CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == MessageEvent && !string.IsNullOrWhiteSpace(item.Data))
            {
                await RelayJsonAsync(item.Data, answered, observe, cancellationToken);
            }

            // After the message is out, so a resumed stream never skips one that was not written.
            if (!string.IsNullOrEmpty(item.EventId))
            {
                onEventId?.Invoke(item.EventId);
            }
        }
    }

    /// <summary>Relays one JSON text: a message, or the array answering a batch.</summary>
    public async Task RelayJsonAsync(string json, HashSet<string> answered, Action<JsonObject>? observe, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            logger.GatewaySentInvalidJson(ex.Message);
            return;
        }

        IEnumerable<JsonNode?> messages = node is JsonArray batch ? [.. batch] : [node];
        foreach (var message in messages)
        {
            if (message is not JsonObject rpc)
            {
                logger.GatewaySentNonMessage();
                continue;
            }

            if (rpc["method"] is null && rpc["id"] is JsonValue id)
            {
                answered.Add(StdinMessage.IdKey(id));
            }

            observe?.Invoke(rpc);
            await stdout.WriteAsync(rpc, cancellationToken);
        }
    }
}
