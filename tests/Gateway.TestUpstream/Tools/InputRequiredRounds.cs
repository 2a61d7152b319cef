using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// Asking the client the 2026-07-28 way (SEP-2322, multi round-trip requests), for <c>--stateless</c>:
/// with no session the upstream cannot send the client a request and wait, so the call answers
/// with an input_required result naming what it needs, and the client calls again with the answer
/// in <c>inputResponses</c>. The same tool code runs both rounds: on the first the answer is
/// missing and this throws the SDK's <see cref="InputRequiredException"/>; on the retry it is there.
/// </summary>
public sealed class InputRequiredRounds : IClientInput
{
    private const string SamplingKey = "sampling";
    private const string ElicitationKey = "elicitation";
    private const string RootsKey = "roots";

    public ValueTask<CreateMessageResult> SampleAsync(ToolCall call, CreateMessageRequestParams request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Answer(call, SamplingKey, InputRequest.ForSampling(request), InputResponse.CreateMessageResultJsonTypeInfo));

    public ValueTask<ElicitResult> ElicitAsync(ToolCall call, ElicitRequestParams request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Answer(call, ElicitationKey, InputRequest.ForElicitation(request), InputResponse.ElicitResultJsonTypeInfo));

    public ValueTask<ListRootsResult> RequestRootsAsync(ToolCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Answer(call, RootsKey, InputRequest.ForRootsList(new ListRootsRequestParams()), InputResponse.ListRootsResultJsonTypeInfo));

    /// <summary>An input request is answered by the client's next call or not at all: there is nothing to withdraw.</summary>
    public ValueTask<CallToolResult> SampleThenWithdrawAsync(ToolCall call, TimeSpan after, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ToolCall.Text(
            $"nothing to cancel: on {ProtocolRevisions.FirstSessionless} without a session the upstream sends the client no requests, only input_required results",
            isError: true));

    private static T Answer<T>(ToolCall call, string key, InputRequest question, JsonTypeInfo<T> answerType)
    {
        if (call.Request.Params?.InputResponses is { } responses && responses.TryGetValue(key, out var response))
        {
            return response.Deserialize(answerType)
                ?? throw new McpProtocolException($"inputResponses.{key} is not an answer to {question.Method}.", McpErrorCode.InvalidParams);
        }

        throw new InputRequiredException(new Dictionary<string, InputRequest> { [key] = question }, requestState: null);
    }
}
