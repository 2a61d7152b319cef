using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Gateway.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Connect;

/// <summary>
/// <c>gateway connect</c>: a local stdio MCP client on one side, the gateway's Streamable HTTP endpoint on the
/// other. Every line from stdin is POSTed as it is, each on its own (a long tool call holds up nothing); every
/// message of every answer, and of the standalone stream, goes to stdout as one line. stdin's end ends the
/// session (DELETE) once the answers still coming are out.
/// </summary>
public sealed class StdioBridge
{
    private readonly McpHttpSession _session;
    private readonly TextReader _stdin;
    private readonly StdoutWriter _stdout;
    private readonly AnswerRelay _relay;
    private readonly HttpErrorAnswer _errors;
    private readonly StandaloneStream _stream;
    private readonly ILogger _logger;
    /// <summary>How long the DELETE at the end may take: the client has gone, so nobody waits on the bridge but the OS.</summary>
    private static readonly TimeSpan EndSessionTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly CancellationTokenSource _streamStop = new();
    private Task _handshake = Task.CompletedTask;
    private Task? _streamTask;

    public StdioBridge(McpHttpSession session, TextReader stdin, StdoutWriter stdout, ILogger logger, TimeProvider time)
    {
        _session = session;
        _stdin = stdin;
        _stdout = stdout;
        _logger = logger;
        _relay = new AnswerRelay(stdout, logger);
        _errors = new HttpErrorAnswer(stdout, logger);
        _stream = new StandaloneStream(session, _relay, logger, time);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Requests in flight stop when the process is told to stop or the session is gone, not when stdin ends.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _session.Gone);
        await PumpAsync(stop.Token);

        await Task.WhenAll(_inFlight.Keys);
        await _streamStop.CancelAsync();
        if (_streamTask is not null)
        {
            await _streamTask;
        }

        if (_session.IsGone)
        {
            _logger.SessionGone();
            return ExitCodes.Failure;
        }

        await EndSessionAsync();
        return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        while (true)
        {
            string? line;
            try
            {
                // The console's stdin may not observe cancellation while it waits for input, so stop waits beside it.
                line = await _stdin.ReadLineAsync(stop).AsTask().WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (StdinMessage.TryParse(line) is not { } message)
            {
                _logger.StdinLineNotJson();
                await WriteAsync(BridgeErrors.ParseError(), stop);
                continue;
            }

            Track(RelayAsync(message, stop));
        }
    }

    private void Track(Task relay)
    {
        _inFlight.TryAdd(relay, 0);
        relay.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    private Task RelayAsync(StdinMessage message, CancellationToken stop)
    {
        if (!message.IsInitialize)
        {
            // Whatever follows initialize needs the session id its answer brings.
            return AfterHandshakeAsync(_handshake, message, stop);
        }

        var initialize = SendAsync(message, stop);
        _handshake = initialize;
        return initialize;
    }

    private async Task AfterHandshakeAsync(Task handshake, StdinMessage message, CancellationToken stop)
    {
        await handshake;
        await SendAsync(message, stop);
    }

    /// <summary>Sends one message and answers every request in it, whatever happens; never throws.</summary>
    private async Task SendAsync(StdinMessage message, CancellationToken stop)
    {
        var answered = new HashSet<string>(StringComparer.Ordinal);
        string? failure = null;
        HttpStatusCode? status = null;
        try
        {
            using var response = await _session.PostAsync(message, stop);
            status = response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                await _errors.WriteAsync(response, message, stop);
                answered.UnionWith(message.RequestIds.Select(StdinMessage.IdKey));
                return;
            }

            if (message.IsInitialize)
            {
                _session.Adopt(response);
            }

            answered = await _relay.RelayAsync(response, message.IsInitialize ? ObserveInitializeAnswer : null, stop);
            if (message.IsInitializedNotification)
            {
                _streamTask ??= _stream.RunAsync(_streamStop.Token);
            }

            failure = "the gateway ended its answer without a reply to this request";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            failure = _session.IsGone
                ? "the gateway session expired or was ended; start a new one (initialize)"
                : "the bridge is stopping";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            failure = FailureReporter.DescribeUnreachable(ex) is { } reason
                ? $"cannot reach the gateway at {_session.DisplayEndpoint}: {reason}"
                : $"the connection to the gateway failed: {ex.Message}";
            if (message.RequestIds.Count == 0)
            {
                _logger.MessageNotDelivered(message.Description, failure);
            }
        }
        catch (Exception ex)
        {
            failure = $"the bridge failed: {ex.Message}";
            _logger.RelayFailed(message.Description, ex.Message);
        }
        finally
        {
            foreach (var id in message.RequestIds.Where(id => !answered.Contains(StdinMessage.IdKey(id))))
            {
                await WriteAsync(BridgeErrors.For(id, failure ?? "no answer", status), CancellationToken.None);
            }
        }
    }

    private void ObserveInitializeAnswer(JsonObject message)
    {
        if (message["result"]?["protocolVersion"] is JsonValue version && version.TryGetValue<string>(out var negotiated))
        {
            _session.Negotiated(negotiated);
        }
    }

    private async Task WriteAsync(JsonNode message, CancellationToken cancellationToken)
    {
        try
        {
            await _stdout.WriteAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client stopped reading; nothing else can reach it.
        }
    }

    private async Task EndSessionAsync()
    {
        using var deadline = new CancellationTokenSource(EndSessionTimeout);
        try
        {
            if (await _session.DeleteAsync(deadline.Token) is { } status && status != HttpStatusCode.OK && status != HttpStatusCode.NoContent
                && status != HttpStatusCode.Accepted && status != HttpStatusCode.MethodNotAllowed)
            {
                _logger.SessionEndRefused((int)status);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            _logger.SessionEndFailed(ex.Message);
        }
    }
}
