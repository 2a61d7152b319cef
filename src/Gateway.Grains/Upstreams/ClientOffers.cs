using System.Text.Json;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Upstreams;

/// <summary>
/// What of the client's declared capabilities an upstream session of its own is offered: the
/// features by which a server asks the client (sampling, elicitation, roots), as the client
/// declared them. The gateway carries those requests; it offers nothing the client did not.
/// </summary>
public static class ClientOffers
{
    /// <summary>The offered capabilities, from the client's initialize as stored; null when it declared none of them.</summary>
    public static ClientCapabilities? Of(string? declared)
    {
        if (declared is null)
        {
            return null;
        }

        ClientCapabilities? client;
        try
        {
            client = JsonSerializer.Deserialize<ClientCapabilities>(declared, JsonRpc.Options);
        }
        catch (JsonException)
        {
            return null;
        }

        return client is { Sampling: null, Elicitation: null, Roots: null } or null
            ? null
            : new ClientCapabilities { Sampling = client.Sampling, Elicitation = client.Elicitation, Roots = client.Roots };
    }

    /// <summary>The requests of a server's that the gateway carries to the client.</summary>
    public static bool IsCarried(string method) =>
        method is RequestMethods.SamplingCreateMessage or RequestMethods.ElicitationCreate or RequestMethods.RootsList;
}
