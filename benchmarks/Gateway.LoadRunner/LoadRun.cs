using System.Net.Http.Headers;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.LoadRunner;

/// <summary>Opens the sessions, drives them through warmup and the measured window, and summarises.</summary>
public sealed class LoadRun(LoadRunOptions options, TextWriter log)
{
    /// <summary>Pinned so the SDK does the initialize handshake directly instead of probing with server/discover first.</summary>
    public const string ProtocolVersion = "2025-11-25";

    private const int MaxConcurrentConnects = 32;

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        if (options.ApiKey is { } apiKey)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        var clients = new McpClient?[options.Sessions];
        var sessionHttp = new HttpClient?[options.Sessions];
        try
        {
            await ConnectAllAsync(handler, http, sessionHttp, clients, cancellationToken);
            return await MeasureAsync(clients!, cancellationToken);
        }
        finally
        {
            // Ends every session (DELETE) so repeated runs do not pile sessions up on the gateway.
            await Task.WhenAll(clients.OfType<McpClient>().Select(client => client.DisposeAsync().AsTask()));
            foreach (var client in sessionHttp)
            {
                client?.Dispose();
            }
        }
    }

    /// <summary>
    /// The HttpClient of session <paramref name="session"/>: the shared one, unless requests rotate over
    /// several URLs; then one of its own whose handler sends each request to the next URL.
    /// </summary>
    private HttpClient SessionHttp(SocketsHttpHandler handler, HttpClient shared, int session, HttpClient?[] sessionHttp)
    {
        if (!options.RotatesRequests)
        {
            return shared;
        }

        var client = new HttpClient(new RoundRobinHandler(handler, options.Urls, session % options.Urls.Count), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (shared.DefaultRequestHeaders.Authorization is { } authorization)
        {
            client.DefaultRequestHeaders.Authorization = authorization;
        }

        sessionHttp[session] = client;
        return client;
    }

    private async Task ConnectAllAsync(
        SocketsHttpHandler handler, HttpClient http, HttpClient?[] sessionHttp, McpClient?[] clients, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var routing = options.Urls.Count == 1 ? "" : options.RotatesRequests ? " (requests round-robin)" : " (sticky sessions)";
        await log.WriteLineAsync($"connecting {options.Sessions} session(s) to {options.Urls.Count} url(s){routing}...");
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Sessions),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentConnects, CancellationToken = cancellationToken },
            async (session, ct) =>
            {
                var url = options.Urls[session % options.Urls.Count];
                try
                {
                    clients[session] = await ConnectAsync(SessionHttp(handler, http, session, sessionHttp), url, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    throw new SessionConnectException($"session {session} could not connect to {url}: {ex.Message}", ex);
                }
            });
        await log.WriteLineAsync($"connected in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.00} s");
    }

    private Task<McpClient> ConnectAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = url,
                TransportMode = HttpTransportMode.StreamableHttp,
                EnableStandaloneGetStream = options.StandaloneGetStream,
            },
            http,
            loggerFactory: null,
            ownsHttpClient: false);
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "gateway-loadrunner", Version = "1.0.0" },
            ProtocolVersion = ProtocolVersion,
        };
        return McpClient.CreateAsync(transport, clientOptions, loggerFactory: null, cancellationToken);
    }

    private async Task<RunReport> MeasureAsync(McpClient[] clients, CancellationToken cancellationToken)
    {
        var errors = new ErrorTally();
        var workers = clients.Select(client => new SessionWorker(client, options, errors)).ToArray();
        var startedAt = DateTimeOffset.UtcNow;
        var window = RunWindow.StartingNow(options.Warmup, options.Duration);

        // Calls still running when the window closes are not counted; past the drain timeout they are abandoned.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(window.RemainingUntil(window.MeasureEnd) + options.DrainTimeout);
        await Task.WhenAll(workers.Select(worker => Task.Run(() => worker.RunAsync(window, hardStop.Token), CancellationToken.None)));
        cancellationToken.ThrowIfCancellationRequested();

        var latency = LatencySummary.From(workers.Select(worker => worker.Recorder.Ticks));
        var seconds = options.Duration.TotalSeconds;
        return new RunReport
        {
            Label = options.Label,
            Sessions = options.Sessions,
            Urls = [.. options.Urls.Select(url => url.AbsoluteUri)],
            Routing = options.Urls.Count == 1 ? null : options.RotatesRequests ? RunReport.RoundRobinRouting : RunReport.StickyRouting,
            Tool = options.Tool,
            StartedAt = startedAt,
            WarmupSeconds = options.Warmup.TotalSeconds,
            DurationSeconds = seconds,
            Calls = latency.Calls,
            Rps = latency.Calls / seconds,
            P50Ms = latency.P50Ms,
            P90Ms = latency.P90Ms,
            P99Ms = latency.P99Ms,
            MaxMs = latency.MaxMs,
            Errors = workers.Sum(worker => (long)worker.Recorder.Errors),
            ErrorMessages = errors.MostFrequent(5).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
        };
    }
}
