using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// What the upstream demands of every request to /mcp when told to (--require-header,
/// --require-query, --bearer-tokens-file): a header with an exact value, a query parameter with an
/// exact value, a bearer token listed in a file. The file is read on every request, so a test can
/// revoke a token (or accept a new one) while the upstream runs. A request without them gets 401
/// with a JSON-RPC error, as an MCP server behind OAuth answers (RFC 6750 §3), and is counted.
/// </summary>
public sealed class CredentialCheck(UpstreamSettings settings, ILogger<CredentialCheck> logger)
{
    private long _refused;

    /// <summary>How many requests were refused for a missing or wrong credential.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(Hosting.HttpUpstreamHost.EndpointPath) || Reason(context.Request) is not { } reason)
        {
            await next(context);
            return;
        }

        Interlocked.Increment(ref _refused);
        if (settings.BearerTokensFile is not null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        }

        Log.HttpRejected(logger, context.Request.Method, StatusCodes.Status401Unauthorized, reason);
        await JsonRpcErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, JsonRpcErrorResponses.ServerError, $"Unauthorized: {reason}");
    }

    /// <summary>Why the request is refused (never quoting what it sent); null when it carries what is required.</summary>
    private string? Reason(HttpRequest request)
    {
        if (settings.RequiredHeader is { } header && request.Headers[header.Name].ToString() != header.Value)
        {
            return $"header {header.Name} is missing or wrong";
        }

        if (settings.RequiredQuery is { } query && request.Query[query.Name].ToString() != query.Value)
        {
            return $"query parameter {query.Name} is missing or wrong";
        }

        if (settings.BearerTokensFile is { } file)
        {
            var sent = request.Headers.Authorization.ToString();
            var accepted = File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0) : [];
            if (!sent.StartsWith("Bearer ", StringComparison.Ordinal) || !accepted.Contains(sent["Bearer ".Length..], StringComparer.Ordinal))
            {
                return "the bearer token is missing or not accepted";
            }
        }

        return null;
    }
}
