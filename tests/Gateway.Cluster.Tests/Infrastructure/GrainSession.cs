using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Protocol;
using Gateway.Sessions;
using Gateway.Transports.Streams;
using ModelContextProtocol.Protocol;

namespace Gateway.Cluster.Tests.Infrastructure;

/// <summary>
/// One MCP session driven at the grain boundary exactly as the front door drives it: every call
/// goes through the IGrainFactory of the silo it names (the silo whose front door "received" it),
/// with the front door's retry of calls Orleans rejected unrun and its redelivery of calls lost
/// with their silo (RejectedCallRetry). Auth is off, as on a loopback silo: no principal.
/// </summary>
public sealed class GrainSession
{
    private readonly GatewayTestCluster _cluster;
    private int _nextId;

    private GrainSession(GatewayTestCluster cluster, string id)
    {
        _cluster = cluster;
        Id = id;
    }

    public string Id { get; }

    /// <summary>initialize through a silo, which then holds the session's grain (placement prefers the caller's silo).</summary>
    public static async Task<GrainSession> InitializeAsync(GatewayTestCluster cluster, int silo)
    {
        var (session, reply) = await TryInitializeAsync(cluster, silo);
        return session ?? throw new Xunit.Sdk.XunitException($"initialize through silo {silo} answered {Describe(reply)}");
    }

    /// <summary>initialize through a silo; the session when it opened, and the grain's reply either way (a refusal, say).</summary>
    public static async Task<(GrainSession? Session, SessionReply Reply)> TryInitializeAsync(GatewayTestCluster cluster, int silo)
    {
        var id = SessionIds.New();
        var request = new JsonRpcRequest
        {
            Id = new RequestId(0),
            Method = RequestMethods.Initialize,
            Params = new JsonObject
            {
                ["protocolVersion"] = "2025-11-25",
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "grain-boundary", ["version"] = "1" },
            },
        };
        var reply = await RejectedCallRetry.RunAsync(
            () => cluster.Grains(silo).GetGrain<IMcpSessionGrain>(id).InitializeAsync(new SessionOpening(null, null), request),
            CancellationToken.None);
        return (reply.Response is JsonRpcResponse ? new GrainSession(cluster, id) : null, reply);
    }

    /// <summary>A request through a silo; its related notifications go to <paramref name="replyStream"/>, as to a POST's stream.</summary>
    public Task<SessionReply> RequestAsync(
        int silo, string method, JsonObject? parameters = null, ClientStream? replyStream = null, string? protocolVersion = null)
    {
        var request = new JsonRpcRequest { Id = new RequestId(Interlocked.Increment(ref _nextId)), Method = method, Params = parameters };
        var session = _cluster.Grains(silo).GetGrain<IMcpSessionGrain>(Id);
        return RejectedCallRetry.RunRedeliverableAsync(
            lost => session.HandleAsync(new SessionInbound(request, null, protocolVersion, null, replyStream?.Address, lost)),
            CancellationToken.None);
    }

    /// <summary>tools/call through a silo; the text of a successful result.</summary>
    public async Task<string> CallToolAsync(int silo, string tool, JsonObject? arguments = null)
    {
        var reply = await RequestAsync(silo, RequestMethods.ToolsCall, ToolCall(tool, arguments));
        return Text(reply) ?? throw new Xunit.Sdk.XunitException($"{tool} through silo {silo} answered {Describe(reply)}");
    }

    /// <summary>Opens the session's standalone stream on a silo, as a GET there would.</summary>
    public async Task<ClientStream> OpenStandaloneStreamAsync(int silo)
    {
        var stream = _cluster.Streams(silo).Open(Id, null, standalone: true);
        var status = await RejectedCallRetry.RunAsync(
            () => _cluster.Grains(silo).GetGrain<IMcpSessionGrain>(Id).AttachStreamAsync(null, stream.Address),
            CancellationToken.None);
        Assert.Equal(SessionStatus.Ok, status);
        return stream;
    }

    public static JsonObject ToolCall(string tool, JsonObject? arguments = null, string? progressToken = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject() };
        if (progressToken is not null)
        {
            parameters["_meta"] = new JsonObject { ["progressToken"] = progressToken };
        }

        return parameters;
    }

    /// <summary>The first text block of a successful, non-error tools/call result; null otherwise.</summary>
    public static string? Text(SessionReply reply) =>
        reply is { Status: SessionStatus.Ok, Response: JsonRpcResponse { Result: JsonObject result } } && result["isError"]?.GetValue<bool>() is not true
            ? (string?)result["content"]?[0]?["text"]
            : null;

    public static string Json(JsonRpcMessage message) => JsonSerializer.Serialize(message, JsonRpc.Options);

    public static string Describe(SessionReply reply) =>
        $"{reply.Status} {(reply.Response is null ? "" : Json(reply.Response))} {reply.Detail}";
}
