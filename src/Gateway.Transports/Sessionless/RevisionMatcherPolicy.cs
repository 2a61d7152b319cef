using Gateway.Protocol;
using Gateway.Transports.StreamableHttp;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Gateway.Transports.Sessionless;

/// <summary>
/// Which door of the same URL a request goes through: the session-less one (the SDK's
/// <c>MapMcp</c>) when its MCP-Protocol-Version names 2026-07-28 or later, else the gateway's
/// own Streamable HTTP door, which also takes requests without the header (2025-03-26). Routing
/// by a header is ASP.NET Core's matcher-policy seam; the two sets of endpoints are told apart by
/// <see cref="SessionlessEndpoint"/>.
/// </summary>
public sealed class RevisionMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, so candidates are already narrowed to the request's method.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<SessionlessEndpoint>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var sessionless = ProtocolVersions.IsSessionless(httpContext.Request.Headers[McpHeaders.ProtocolVersion].ToString());
        for (var i = 0; i < candidates.Count; i++)
        {
            var metadata = candidates[i].Endpoint.Metadata;
            var isSessionlessDoor = metadata.GetMetadata<SessionlessEndpoint>() is not null;
            var isMcp = metadata.GetMetadata<McpEndpointMetadata>() is not null;
            if (isMcp && isSessionlessDoor != sessionless)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Marks the endpoints of the session-less door (<see cref="RevisionMatcherPolicy"/>).</summary>
public sealed class SessionlessEndpoint
{
    public static SessionlessEndpoint Instance { get; } = new();

    private SessionlessEndpoint()
    {
    }
}
