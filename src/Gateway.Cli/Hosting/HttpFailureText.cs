using System.Net;
using System.Text.Json;
using Gateway.Cli.Admin;

namespace Gateway.Cli.Hosting;

/// <summary>
/// One line for an HTTP error from the MCP transport. The SDK puts the response body into the exception
/// message after "Response body:"; a problem document or JSON-RPC error there says more than the status alone,
/// while an HTML error page says nothing useful and is dropped.
/// </summary>
public static class HttpFailureText
{
    private const string BodyMarker = "Response body:";

    public static string Describe(HttpStatusCode status, string exceptionMessage)
    {
        var headline = $"the gateway answered {StatusText.Of(status)}";
        var detail = Detail(exceptionMessage);
        if (detail is not null)
        {
            return $"{headline}: {detail}";
        }

        return status == HttpStatusCode.NotFound
            ? $"{headline}: no MCP endpoint at that address (is --url the gateway's base URL, and the --server name right?)"
            : headline;
    }

    private static string? Detail(string message)
    {
        var index = message.IndexOf(BodyMarker, StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var body = message[(index + BodyMarker.Length)..].Trim();
        if (!body.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var rpcError)
                && rpcError.ValueKind == JsonValueKind.Object
                && rpcError.TryGetProperty("message", out var rpcMessage)
                && rpcMessage.ValueKind == JsonValueKind.String)
            {
                return rpcMessage.GetString();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return ProblemDetailsFormatter.TryFormatProblem(body)?.ReplaceLineEndings(" ");
    }
}
