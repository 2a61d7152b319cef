using ModelContextProtocol.Protocol;

namespace Gateway.TestUpstream.Tools;

/// <summary>
/// How a tool asks its client for something mid-call: a sample, an elicited answer, the roots.
/// Over a session the upstream sends the client a request and waits (<see cref="ServerToClientRequests"/>);
/// on a stateless 2026-07-28 upstream there is nobody to send it to, and the call ends with an
/// input_required result instead (<see cref="InputRequiredRounds"/>).
/// </summary>
public interface IClientInput
{
    ValueTask<CreateMessageResult> SampleAsync(ToolCall call, CreateMessageRequestParams request, CancellationToken cancellationToken);

    ValueTask<ElicitResult> ElicitAsync(ToolCall call, ElicitRequestParams request, CancellationToken cancellationToken);

    ValueTask<ListRootsResult> RequestRootsAsync(ToolCall call, CancellationToken cancellationToken);

    /// <summary>Asks the client to sample, and withdraws the question (notifications/cancelled) after <paramref name="after"/>.</summary>
    ValueTask<CallToolResult> SampleThenWithdrawAsync(ToolCall call, TimeSpan after, CancellationToken cancellationToken);
}
