using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Fuzz;

/// <summary>
/// Sends the requests from several workers at once and tallies the answers. A failure is any 5xx,
/// a connection the gateway dropped or refused, an answer that does not come within the timeout,
/// or /health/live not answering 200 (checked every <see cref="HealthEvery"/> requests and at the end).
/// </summary>
public sealed class FuzzRun(FuzzTarget target, int count, int workers, int seed, TimeSpan timeout)
{
    private const int HealthEvery = 5000;
    private const int SessionsKept = 4;
    private const int MaxSamples = 20;

    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = new Uri(target.BaseUrl),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private int _sent;
    private int _failed;
    private int _notSent;
    private volatile string[] _sessions = [];

    public async Task<JsonObject> RunAsync()
    {
        _sessions = await OpenSessionsAsync();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(new Random(seed * 7919 + w))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await CheckHealthAsync("at the end");
        return new JsonObject
        {
            ["requests"] = _sent,
            ["notSentByTheClient"] = _notSent,
            ["failures"] = _failed,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["requestsPerSecond"] = Math.Round(_sent / elapsed.TotalSeconds),
            ["seed"] = seed,
            ["statuses"] = new JsonObject(_statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["failureSamples"] = new JsonArray([.. _failures.Select(f => (JsonNode?)f)]),
        };
    }

    private async Task WorkAsync(Random random)
    {
        var generator = new RequestGenerator(random, target);
        while (true)
        {
            var n = Interlocked.Increment(ref _sent);
            if (n > count)
            {
                Interlocked.Decrement(ref _sent);
                return;
            }

            if (n % HealthEvery == 0)
            {
                await CheckHealthAsync($"after {n} requests");
                _sessions = await OpenSessionsAsync();
            }

            await SendAsync(generator.Next(_sessions));
        }
    }

    private async Task SendAsync(FuzzRequest request)
    {
        HttpRequestMessage message;
        try
        {
            // Always the gateway's own origin: a path like "//host" must not become another host.
            message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target.BaseUrl + request.Path, UriKind.Absolute));
        }
        catch (Exception ex) when (ex is UriFormatException or FormatException or ArgumentException)
        {
            Interlocked.Increment(ref _notSent);
            return;
        }

        using var owned = message;
        try
        {
            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
            }

            foreach (var (name, value) in request.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, value);
                }
                else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    message.Headers.Host = value;
                }
                else
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }
        catch (FormatException)
        {
            Interlocked.Increment(ref _notSent);
            return;
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            // Headers only: a GET that opens an SSE stream answers 200 at once and then stays open.
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status.ToString(), 1, (_, c) => c + 1);
            if (status >= 500)
            {
                var body = await ReadSomeAsync(response, deadline.Token);
                Fail($"HTTP {status} for {request.Describe()} -> {body}");
            }
        }
        catch (Exception ex) when (ex is UriFormatException or InvalidOperationException)
        {
            // The client refused to send it (a path or header it cannot put on the wire).
            Interlocked.Increment(ref _notSent);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Fail($"no answer within {timeout.TotalSeconds} s for {request.Describe()}");
        }
        catch (HttpRequestException ex) when (ex.InnerException is InvalidOperationException or FormatException || ex.HttpRequestError == HttpRequestError.InvalidResponse && request.Headers.Any(h => h.Value.Any(char.IsControl)))
        {
            Interlocked.Increment(ref _notSent);
        }
        catch (HttpRequestException ex)
        {
            Fail($"{ex.HttpRequestError} ({ex.Message}) for {request.Describe()}");
        }
    }

    private async Task<string[]> OpenSessionsAsync()
    {
        var sessions = new List<string>();
        for (var i = 0; i < SessionsKept; i++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(Corpus.McpBodies[0], Encoding.UTF8, "application/json") };
            message.Headers.Accept.ParseAdd("application/json, text/event-stream");
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.UserKey);
            using var response = await _http.SendAsync(message);
            if (response.Headers.TryGetValues("Mcp-Session-Id", out var ids))
            {
                sessions.Add(ids.First());
            }
        }

        return [.. sessions];
    }

    private async Task CheckHealthAsync(string when)
    {
        try
        {
            using var response = await _http.GetAsync("/health/live");
            if (!response.IsSuccessStatusCode)
            {
                Fail($"/health/live answered {(int)response.StatusCode} {when}");
            }
        }
        catch (HttpRequestException ex)
        {
            Fail($"/health/live did not answer {when}: {ex.Message}");
        }
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 300 ? text[..300] : text;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return "(no body)";
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref _failed);
        if (_failures.Count < MaxSamples)
        {
            _failures.Enqueue(what);
        }
    }
}
