using Gateway.TestUpstream.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.TestUpstream.Http;

/// <summary>
/// The /test/expire-sessions hook: ends every open session as a client's DELETE would, through
/// MapMcp's own DELETE handler (the SDK keeps its sessions to itself), so the SDK forgets the ids
/// and answers the clients' next requests with 404, as a server whose sessions expired does.
/// </summary>
public sealed class SessionExpiry(SessionRegistry registry, EndpointDataSource endpoints, IServiceProvider services)
{
    /// <summary>Ends every session; returns how many there were.</summary>
    public async Task<int> ExpireAllAsync(CancellationToken cancellationToken)
    {
        var ids = registry.Open.Select(s => s.Id).ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        var delete = DeleteHandler();
        foreach (var id in ids)
        {
            var context = new DefaultHttpContext { RequestServices = services, RequestAborted = cancellationToken };
            context.Request.Method = HttpMethods.Delete;
            context.Request.Headers[McpHeaders.SessionId] = id;
            await delete(context);
        }

        return ids.Length;
    }

    /// <summary>MapMcp maps the app's only DELETE endpoint.</summary>
    private RequestDelegate DeleteHandler() =>
        endpoints.Endpoints
            .Single(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Delete) == true)
            .RequestDelegate!;
}
