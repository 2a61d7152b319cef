using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Gateway.Runtime;
using Gateway.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace Gateway.Cluster;

/// <summary>
/// Outgoing silo-to-silo requests: HTTP/2 without TLS (prior knowledge, h2c) to the other silo's
/// cluster port, over one multiplexed connection per silo pair, each request signed with the
/// cluster key. Failures become <see cref="SiloUnavailableException"/>, which says whether the
/// request certainly never reached the silo.
/// </summary>
public sealed class SiloTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly HttpMessageInvoker _http;
    private readonly ClusterAuthentication _authentication;
    private readonly ConcurrentDictionary<(SiloAddress Silo, string Path), Uri> _targets = new();

    public SiloTransport(IOptions<ClusterMessagingOptions> options, ClusterAuthentication authentication)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authentication = authentication;
        _http = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectTimeout = options.Value.ConnectTimeout,
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        });
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> on <paramref name="silo"/> and returns the answer's body.</summary>
    public async Task<byte[]> PostAsync(SiloAddress silo, string path, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Target(silo, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = s_json;
        request.Headers.TryAddWithoutValidation(ClusterAuthentication.HeaderName, _authentication.Sign(path));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable(silo, ex);
        }

        using (response)
        {
            try
            {
                var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return answer;
                }

                // Refused before anything ran: a wrong cluster key or a malformed request is never retried elsewhere.
                throw new InvalidOperationException(
                    $"Silo {silo} refused {path} with HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(answer)}");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw Unavailable(silo, ex);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>True when the silo's endpoint actively refused the connection: no process listens there.</summary>
    public static bool IsRefused(SiloUnavailableException exception) =>
        exception.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } inner
        && inner.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static SiloUnavailableException Unavailable(SiloAddress silo, Exception ex)
    {
        var notDelivered = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
        var what = notDelivered ? "could not be reached" : "went away during the call";
        return new SiloUnavailableException(silo.ToString(), notDelivered, $"Silo {silo} {what}: {ex.Message}", ex);
    }

    // Built once per silo and path: a call allocates no URI.
    private Uri Target(SiloAddress silo, string path) =>
        _targets.TryGetValue((silo, path), out var target)
            ? target
            : _targets.GetOrAdd((silo, path), key => new Uri(key.Silo.Host.Contains(':', StringComparison.Ordinal)
                ? $"http://[{key.Silo.Host}]:{key.Silo.SiloPort}{key.Path}"
                : $"http://{key.Silo.Host}:{key.Silo.SiloPort}{key.Path}"));
}
