using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Upstreams.Network;

/// <summary>
/// The SSRF guard of outbound HTTP to URLs the operator did not write into the config file
/// (upstreams added through the admin API today; peer gateways, when federation comes, should
/// check their URLs with <see cref="CheckUrl"/> and connect through <see cref="CreateHandler"/>
/// too). Internal and special-purpose addresses (<see cref="SpecialPurposeAddresses"/>) are
/// refused unless <see cref="NetworkOptions"/> allows them. The URL is checked when it is
/// accepted, to refuse what is plainly internal with a clear 400; the address is checked again at
/// every connect, after resolution, and the socket is connected to that very address, so neither
/// a name that resolves inward nor DNS rebinding between check and connect gets through.
/// </summary>
public sealed partial class OutboundAddressGuard(IOptions<NetworkOptions> options, ILogger<OutboundAddressGuard> logger)
{
    public const string AllowHint = "allow it with Gateway:Network:AllowedUpstreamHosts or AllowedUpstreamNetworks";

    private readonly UpstreamAllowlist _allowlist = new(options.Value);

    /// <summary>
    /// Checks an URL's host as written: an IP literal in any spelling <see cref="Uri"/> accepts
    /// (127.1, 2130706433, 0x7f000001, 0177.0.0.1, [::ffff:127.0.0.1], a trailing dot), and the
    /// localhost names. Other names pass here and are judged by what they resolve to at connect.
    /// </summary>
    /// <returns>Null when the URL may be used; otherwise what is wrong, naming the rule.</returns>
    public string? CheckUrl(Uri url)
    {
        var host = url.IdnHost;
        if (_allowlist.AllowsName(host))
        {
            return null;
        }

        if (LiteralAddress(url) is { } address)
        {
            return Judge(address) is { } refusal ? $"{refusal.Reason}; {AllowHint}" : null;
        }

        // RFC 6761 §6.3: localhost and every name under it are loopback, whatever DNS says.
        var name = UpstreamAllowlist.NormalizeName(host);
        return name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal)
            ? $"{name} is a loopback name (RFC 6761); {AllowHint}"
            : null;
    }

    /// <summary>Null when the gateway may connect to this address; otherwise the rule that refuses it.</summary>
    public AddressRefusal? Judge(IPAddress address) =>
        _allowlist.AllowsAddress(address) ? null : SpecialPurposeAddresses.Classify(address);

    /// <summary>
    /// A handler that connects only where the guard allows. It follows no redirect (a redirect's
    /// target is the server's choice, and it would carry the upstream's headers there) and uses
    /// no proxy (a proxy would connect for it, past the check).
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        AllowAutoRedirect = false,
        UseProxy = false,
    };

    /// <summary>
    /// Resolves the host, keeps the addresses the guard allows (all of them for a host name the
    /// operator allowed), and connects to the first that answers. Refused when none is allowed.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = HostAddress(host) is { } literal ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var trusted = _allowlist.AllowsName(host);
        var allowed = new List<IPAddress>();
        AddressRefusal? refused = null;
        foreach (var address in addresses)
        {
            if (!trusted && Judge(address) is { } refusal)
            {
                refused ??= refusal;
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0 && refused is not null)
        {
            LogRefused(logger, host, refused.Reason);
            throw new OutboundAddressRefusedException(host, refused);
        }

        return await ConnectToAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
    }

    private static async ValueTask<Stream> ConnectToAsync(List<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// The address an URL's host spells, if it is a literal. A name with a trailing dot is not one
    /// to <see cref="Uri"/> ("127.0.0.1.", "0x7f000001."), but stripped of it it reads as one, so
    /// it is judged as that address rather than left to a resolver's reading.
    /// </summary>
    private static IPAddress? LiteralAddress(Uri url) => url.HostNameType switch
    {
        UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.Parse(url.Host.Trim('[', ']')),
        _ => IPAddress.TryParse(url.IdnHost.TrimEnd('.'), out var address) ? address : null,
    };

    /// <summary>The address of a connection's host when it is a literal: "127.0.0.1", "[::1]", "[fe80::1%25eth0]".</summary>
    private static IPAddress? HostAddress(string host)
    {
        var bare = host.StartsWith('[') ? Uri.UnescapeDataString(host.Trim('[', ']')) : host;
        return IPAddress.TryParse(bare, out var address) ? address : null;
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Outbound connection to {Host} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, string reason);
}
