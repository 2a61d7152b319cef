namespace Gateway.LoadRunner;

/// <summary>
/// One session's HTTP pipeline when there are several URLs and no stickiness, as behind a load
/// balancer that spreads requests rather than sessions: the session initializes on its home URL,
/// then every POST of the session (each carries Mcp-Session-Id) goes to the next URL in turn,
/// starting with the one after home. The standalone GET stream and the closing DELETE stay on the
/// home URL. Requests go out through the run's shared handler, so connections are pooled per URL
/// across sessions as before.
/// </summary>
public sealed class RoundRobinHandler : HttpMessageHandler
{
    private const string SessionIdHeader = "Mcp-Session-Id";

    private readonly HttpMessageInvoker _inner;
    private readonly IReadOnlyList<Uri> _urls;
    private readonly Uri _home;
    private long _sent;

    /// <param name="inner">The shared handler; not disposed with this one.</param>
    /// <param name="urls">Every URL of the run.</param>
    /// <param name="home">The index in <paramref name="urls"/> of the URL the session initializes on.</param>
    public RoundRobinHandler(HttpMessageHandler inner, IReadOnlyList<Uri> urls, int home)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentOutOfRangeException.ThrowIfNegative(home);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(home, urls.Count);
        _inner = new HttpMessageInvoker(inner, disposeHandler: false);
        _urls = urls;
        _home = urls[home];
        _sent = home;
    }

    /// <summary>The URL the next rotated request goes to, advancing the rotation.</summary>
    public Uri Next()
    {
        var sent = Interlocked.Increment(ref _sent);
        return _urls[(int)(sent % _urls.Count)];
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == HttpMethod.Post && request.Headers.Contains(SessionIdHeader) && request.RequestUri == _home)
        {
            request.RequestUri = Next();
        }

        return _inner.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
