using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Catalog;
using Gateway.Cluster;
using Gateway.Runtime;
using Gateway.Sessions;
using Gateway.Streams;
using Gateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Everything a grain call carries between silos has a source-generated contract, and real values
/// come back equal: a type missing from GatewayGrainsJsonContext would otherwise fail only at its
/// first cross-silo call.
/// </summary>
public sealed class ClusterSerializationTests
{
    private static readonly ClusterSerializer s_serializer = new([new ClusterTypeRegistration(GatewayGrainsJsonContext.Default)]);

    public static TheoryData<string> GrainMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in GrainInterfaces().SelectMany(i => i.GetMethods()))
        {
            data.Add($"{method.DeclaringType!.FullName}.{method.Name}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GrainMethods))]
    public void EveryParameterAndResult_OfEveryGrainMethod_HasAContract(string name)
    {
        var method = GrainInterfaces().SelectMany(i => i.GetMethods()).Single(m => $"{m.DeclaringType!.FullName}.{m.Name}" == name);
        var types = method.GetParameters().Select(p => p.ParameterType).Where(t => t != typeof(CancellationToken)).ToList();
        if (GrainMethod.For(method).ResultType is { } result)
        {
            types.Add(result);
        }

        Assert.All(types, type => Assert.NotNull(s_serializer.GetTypeInfo(type)));
    }

    [Fact]
    public void AnUnregisteredType_FailsNamingIt_RatherThanFallingBackToReflection()
    {
        var failure = Assert.Throws<NotSupportedException>(() => s_serializer.GetTypeInfo(typeof(Uri)));

        Assert.Contains("System.Uri", failure.Message);
    }

    [Fact]
    public void ASessionRequest_WithItsJsonRpcMessage_RoundTrips()
    {
        var request = new JsonRpcRequest
        {
            Id = new RequestId("abc-1"),
            Method = "tools/call",
            Params = JsonNode.Parse("""{"name":"alpha__echo","arguments":{"message":"héllo","n":[1,2.5,null]},"_meta":{"progressToken":7}}"""),
        };
        var inbound = new SessionInbound(request, "alice", "2025-11-25", null, new StreamAddress("127.0.0.1:1:2", "f"));

        var back = RoundTrip(inbound);

        var message = Assert.IsType<JsonRpcRequest>(back.Message);
        Assert.Equal("abc-1", message.Id.ToString());
        Assert.Equal(request.Params!.ToJsonString(), message.Params!.ToJsonString());
        Assert.Equal(inbound with { Message = back.Message }, back);
    }

    [Fact]
    public void ReplyAndStreamItem_WithErrorsAndNotifications_RoundTrip()
    {
        var reply = new SessionReply(SessionStatus.Ok, new JsonRpcError
        {
            Id = new RequestId(42),
            Error = new JsonRpcErrorDetail { Code = -32052, Message = "gone", Data = JsonNode.Parse("""{"why":"test"}""") },
        });
        var item = new RemoteStreamItem(
            new StreamAddress("h:1:2", "9"),
            new StreamItem(new JsonRpcNotification { Method = "notifications/progress", Params = JsonNode.Parse("""{"progressToken":"t","progress":2}""") }, "e-17"));

        var replyBack = RoundTrip(reply);
        var itemBack = RoundTrip(item);

        var error = Assert.IsType<JsonRpcError>(replyBack.Response);
        Assert.Equal(-32052, error.Error.Code);
        Assert.Equal("42", error.Id.ToString());
        Assert.Equal("e-17", itemBack.Item.EventId);
        Assert.Equal("notifications/progress", Assert.IsType<JsonRpcNotification>(itemBack.Item.Message).Method);
        Assert.Equal(item.Target, itemBack.Target);
    }

    [Fact]
    public void ACatalogSnapshot_WithTools_RoundTrips()
    {
        var tool = new Tool
        {
            Name = "echo",
            Description = "Echoes",
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"message":{"type":"string"}}}""").RootElement,
        };
        var upstream = new UpstreamCatalog("alpha", [tool], [], [], [], SupportsCompletions: true, SupportsLogging: false, SupportsSubscribe: false);
        var snapshot = new CatalogSnapshot(7, [new CatalogEntry<Tool>("alpha__echo", "alpha", "echo", tool)], [], [], [], [upstream], CatalogChanges.Tools);

        var back = RoundTrip(snapshot);

        Assert.Equal(7, back.Version);
        Assert.Equal(CatalogChanges.Tools, back.Changes);
        Assert.Equal("alpha__echo", back.Tools.Single().Name);
        Assert.Equal("Echoes", back.Tools.Single().Item.Description);
        Assert.Equal(tool.InputSchema.GetRawText(), back.Tools.Single().Item.InputSchema.GetRawText());
        Assert.True(back.UpstreamsByName["alpha"].SupportsCompletions);
    }

    [Fact]
    public void AnUpstreamRequestAndReply_RoundTrip()
    {
        var request = new UpstreamRequest("s-1", "tools/call", JsonNode.Parse("""{"name":"echo"}"""), new RequestId(3), null, LoggingLevel.Warning);
        var reply = UpstreamReply.Success(JsonNode.Parse("""{"content":[{"type":"text","text":"hi"}]}"""));

        var requestBack = RoundTrip(request);
        var replyBack = RoundTrip(reply);

        Assert.Equal(LoggingLevel.Warning, requestBack.LogLevel);
        Assert.Equal("3", requestBack.ClientRequestId.ToString());
        Assert.Equal(reply.Result!.ToJsonString(), replyBack.Result!.ToJsonString());
    }

    private static T RoundTrip<T>(T value)
    {
        var contract = s_serializer.GetTypeInfo(typeof(T));
        var json = JsonSerializer.SerializeToUtf8Bytes(value, contract);
        return (T)JsonSerializer.Deserialize(json, contract)!;
    }

    private static IEnumerable<Type> GrainInterfaces() =>
        typeof(GatewayGrainsJsonContext).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(t));
}
