using System.Text.Json.Nodes;
using Gateway.Protocol;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>
/// A session-less (2026-07-28) request whose upstream call may ask the client something: such a
/// client takes no requests of the server's, so what the upstream asks (sampling, elicitation,
/// roots) goes back as the request's input-required result (MCP "Multi Round-Trip Requests"),
/// and the client's retry, carrying the answers and the round's token as its requestState, finds
/// the same upstream call still running here and hands them to it. The token is random and known
/// only to this session, which serves one principal: another principal's retry finds nothing.
/// </summary>
public sealed class InputRound(string method, string? name)
{
    private readonly Dictionary<string, Asked> _asked = new(StringComparer.Ordinal);
    private TaskCompletionSource _newAsk = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The requestState the client echoes on its retry.</summary>
    public string Token { get; } = "gw1." + Guid.NewGuid().ToString("N");

    public string Method { get; } = method;

    /// <summary>The tool, prompt or resource the request names: a retry must name the same.</summary>
    public string? Name { get; } = name;

    /// <summary>The call's own cancellation: it outlives the client request that began it.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The upstream call (<see cref="Start"/>, right after the round is made).</summary>
    public Task<JsonRpcMessage> Work { get; private set; } = null!;

    public void Start(Func<InputRound, Task<JsonRpcMessage>> run) => Work = run(this);

    /// <summary>A client request waits on the round now (the first, or a retry).</summary>
    public bool Waiting { get; set; }

    /// <summary>When the last client request that waited on it got its answer; a round left alone long enough is dropped.</summary>
    public DateTimeOffset LeftAt { get; set; }

    /// <summary>An upstream's request for the client, answered when the client's retry brings the answer.</summary>
    public Task<JsonRpcMessage> AskAsync(JsonRpcRequest request)
    {
        var key = "gw-" + Guid.NewGuid().ToString("N");
        var asked = new Asked(request, new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        _asked[key] = asked;
        _newAsk.TrySetResult();
        return asked.Answer.Task;
    }

    /// <summary>An upstream request that stopped waiting (cancelled, timed out) is not asked again.</summary>
    public void Forget(JsonRpcRequest request)
    {
        foreach (var (key, asked) in _asked)
        {
            if (ReferenceEquals(asked.Request, request))
            {
                _asked.Remove(key);
                return;
            }
        }
    }

    /// <summary>The client's inputResponses: each to the upstream request it answers; keys not asked are ignored.</summary>
    public void Answer(JsonObject? responses)
    {
        foreach (var (key, value) in responses ?? [])
        {
            if (_asked.Remove(key, out var asked))
            {
                asked.Answer.TrySetResult(new JsonRpcResponse { Id = asked.Request.Id, Result = value?.DeepClone() });
            }
        }
    }

    /// <summary>
    /// Waits until the call ends or the client must answer something: true with the result for the
    /// latter, which lists every question still open, so one the retry left out is asked again.
    /// </summary>
    public async Task<JsonObject?> NextAsync(CancellationToken cancellationToken)
    {
        if (_asked.Count == 0)
        {
            await Task.WhenAny(Work, _newAsk.Task).WaitAsync(cancellationToken);
        }

        if (Work.IsCompleted || _asked.Count == 0)
        {
            return null;
        }

        _newAsk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = new JsonObject();
        foreach (var (key, asked) in _asked)
        {
            requests[key] = new JsonObject { ["method"] = asked.Request.Method, ["params"] = asked.Request.Params?.DeepClone() };
        }

        return new JsonObject { ["resultType"] = "input_required", ["inputRequests"] = requests, ["requestState"] = Token };
    }

    private sealed record Asked(JsonRpcRequest Request, TaskCompletionSource<JsonRpcMessage> Answer);
}
