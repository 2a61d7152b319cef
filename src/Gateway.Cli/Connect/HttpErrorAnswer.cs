using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Admin;
using Gateway.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Connect;

/// <summary>
/// Answers the stdio client for a POST the gateway refused (4xx/5xx). The gateway's own JSON-RPC error goes
/// through as it is when it carries the request's id; any request it leaves unanswered gets an error naming
/// the HTTP status and the gateway's reason. A refused notification or response can be answered to nobody,
/// so it is reported on stderr.
/// </summary>
public sealed class HttpErrorAnswer(StdoutWriter stdout, ILogger logger)
{
    private const int MaxReasonLength = 300;

    public async Task WriteAsync(HttpResponseMessage response, StdinMessage message, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var errors = JsonRpcErrorsIn(body);
        var text = Describe(response.StatusCode, body, errors);
        if (message.RequestIds.Count == 0)
        {
            logger.GatewayRefusedMessage(message.Description, text);
            return;
        }

        foreach (var id in message.RequestIds)
        {
            var key = StdinMessage.IdKey(id);
            var own = errors.FirstOrDefault(e => e["id"] is JsonValue errorId && StdinMessage.IdKey(errorId) == key);
            await stdout.WriteAsync(own ?? BridgeErrors.For(id, text, response.StatusCode), cancellationToken);
        }
    }

    /// <summary>"the gateway answered 401 Unauthorized: REASON", the reason from a JSON-RPC error or a problem document.</summary>
    public static string Describe(HttpStatusCode status, string body, IReadOnlyList<JsonObject> errors)
    {
        var headline = $"the gateway answered {StatusText.Of(status)}";
        var reason = errors.Select(e => e["error"]?["message"]).OfType<JsonValue>().Select(m => m.ToString()).FirstOrDefault()
            ?? ProblemDetailsFormatter.TryFormatProblem(body)?.ReplaceLineEndings(" ");
        if (reason is null && status == HttpStatusCode.NotFound)
        {
            reason = "no MCP endpoint at that address (is the URL the gateway's /mcp or /servers/NAME/mcp?)";
        }

        if (reason is { Length: > MaxReasonLength })
        {
            reason = reason[..MaxReasonLength] + "…";
        }

        return reason is null ? headline : $"{headline}: {reason}";
    }

    private static List<JsonObject> JsonRpcErrorsIn(string body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return [];
        }

        IEnumerable<JsonNode?> messages = node is JsonArray batch ? [.. batch] : [node];
        return [.. messages.OfType<JsonObject>().Where(m => m["error"] is JsonObject)];
    }
}
