using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Cluster;

/// <summary>
/// Signs and checks silo-to-silo requests with the shared cluster key: the header carries the
/// request's time and an HMAC-SHA256 of that time and the request path, so the key itself never
/// crosses the wire and a signature is only good for its path and a few minutes. A signature
/// depends only on the second and the path, so each side keeps the one of the current second per
/// path: the HMAC runs about once a second per path, not once per call.
/// </summary>
public sealed class ClusterAuthentication
{
    public const string HeaderName = "Gateway-Cluster-Auth";

    private readonly byte[] _key;
    private readonly TimeSpan _maxSkew;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Signed> _signed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Signed> _verified = new(StringComparer.Ordinal);

    public ClusterAuthentication(IOptions<ClusterMessagingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = Encoding.UTF8.GetBytes(options.Value.ClusterKey);
        _maxSkew = options.Value.MaxClockSkew;
        _time = time;
    }

    /// <summary>The header value for a request to <paramref name="path"/>: "{unix seconds}.{signature}".</summary>
    public string Sign(string path)
    {
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds();
        if (_signed.TryGetValue(path, out var last) && last.Seconds == seconds)
        {
            return last.Header;
        }

        var header = string.Create(CultureInfo.InvariantCulture, $"{seconds}.{Signature(seconds, path)}");
        _signed[path] = new Signed(seconds, header);
        return header;
    }

    /// <summary>True when <paramref name="header"/> is a signature of <paramref name="path"/> by the cluster key, made recently.</summary>
    public bool Verify(string? header, string path)
    {
        if (string.IsNullOrEmpty(header) || _key.Length == 0)
        {
            return false;
        }

        var dot = header.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(header.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > _maxSkew.TotalSeconds)
        {
            return false;
        }

        // The same header as the last one checked for this path: it was verified already, and it is still recent.
        if (_verified.TryGetValue(path, out var last) && last.Seconds == seconds && string.Equals(last.Header, header, StringComparison.Ordinal))
        {
            return true;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(seconds, path));
        var presented = Encoding.ASCII.GetBytes(header[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return false;
        }

        _verified[path] = new Signed(seconds, header);
        return true;
    }

    private sealed record Signed(long Seconds, string Header);

    private string Signature(long seconds, string path)
    {
        var data = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seconds}\n{path}"));
        return Base64Url.EncodeToString(HMACSHA256.HashData(_key, data));
    }
}
