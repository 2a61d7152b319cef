using Microsoft.AspNetCore.Http;

namespace Gateway.Transports.Audit;

/// <summary>
/// What an endpoint learned about its request that the audit line of the front door needs: the
/// JSON-RPC method of an MCP message, the name an admin change acts on. A request feature, made
/// when a handler first notes something.
/// </summary>
public sealed class AuditNote
{
    /// <summary>The method of the MCP message being handled (the last one sent to the session, in a batch).</summary>
    public string? Method { get; set; }

    /// <summary>The upstream or key an admin change acts on, when it is not the route's <c>{name}</c>.</summary>
    public string? Target { get; set; }

    public static AuditNote Of(HttpContext context)
    {
        if (context.Features.Get<AuditNote>() is not { } note)
        {
            note = new AuditNote();
            context.Features.Set(note);
        }

        return note;
    }
}
