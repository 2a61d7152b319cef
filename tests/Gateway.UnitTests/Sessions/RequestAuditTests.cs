using System.Text.Json.Nodes;
using Gateway.Audit;
using Gateway.Protocol;
using Gateway.Sessions;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Sessions;

/// <summary>What a request's audit line says of its answer, and the size (never the content) of its arguments.</summary>
public sealed class RequestAuditTests
{
    private static readonly RequestId Id = new(7);

    [Fact]
    public void Outcome_IsOk_ToolError_OrErrorWithItsCode()
    {
        var ok = JsonRpc.Result(Id, new CallToolResult { Content = [new TextContentBlock { Text = "fine" }] });
        var toolError = JsonRpc.Result(Id, new CallToolResult { Content = [new TextContentBlock { Text = "no" }], IsError = true });
        var error = JsonRpc.Error(Id, GatewayErrorCodes.Forbidden, "needs the role analyst");

        Assert.Equal((AuditOutcomes.Ok, (int?)null), RequestAudit.OutcomeOf(ok));
        Assert.Equal((AuditOutcomes.ToolError, (int?)null), RequestAudit.OutcomeOf(toolError));
        Assert.Equal((AuditOutcomes.Error, (int?)GatewayErrorCodes.Forbidden), RequestAudit.OutcomeOf(error));
    }

    [Theory]
    [InlineData("""{"name":"t","arguments":{"message":"hi"}}""", 16)]
    [InlineData("""{"name":"t","arguments":{ "message" :  "héllo" }}""", 20)]
    [InlineData("""{"name":"t","arguments":{}}""", 2)]
    [InlineData("""{"name":"t","arguments":null}""", 4)]
    public void ArgumentsBytes_AreTheCompactUtf8SizeOfTheArguments(string parameters, long bytes) =>
        Assert.Equal(bytes, RequestAudit.ArgumentsBytes(Request(parameters)));

    [Theory]
    [InlineData("""{"name":"t"}""")]
    [InlineData(null)]
    public void ArgumentsBytes_AreAbsent_WithoutArguments(string? parameters) =>
        Assert.Null(RequestAudit.ArgumentsBytes(Request(parameters)));

    private static JsonRpcRequest Request(string? parameters) =>
        new() { Id = Id, Method = RequestMethods.ToolsCall, Params = parameters is null ? null : JsonNode.Parse(parameters) };
}
