using System.Collections.Frozen;
using System.Text.Json;
using Gateway.Runtime.Membership;

namespace Gateway.Cluster;

/// <summary>
/// A named kind of message one silo sends another outside grain calls (a client stream's
/// notification, a catalog snapshot), with the handler that takes it on the receiving silo. The
/// handler's answer (delivered or not) goes back to the sender.
/// </summary>
public sealed record ClusterMessageHandler(string Name, Type MessageType, Func<IServiceProvider, object, CancellationToken, ValueTask<bool>> Handle);

/// <summary>Sends named messages to other silos and finds the handler of an incoming one.</summary>
public sealed class ClusterMessenger
{
    internal const string PathPrefix = "/cluster/v1/message/";

    private readonly SiloTransport _transport;
    private readonly ClusterSerializer _serializer;
    private readonly FrozenDictionary<string, ClusterMessageHandler> _handlers;

    public ClusterMessenger(SiloTransport transport, ClusterSerializer serializer, IEnumerable<ClusterMessageHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _transport = transport;
        _serializer = serializer;
        _handlers = handlers.ToFrozenDictionary(h => h.Name, StringComparer.Ordinal);
    }

    /// <summary>Sends <paramref name="message"/> to the <paramref name="name"/> handler of <paramref name="silo"/>; true when it reports the message delivered.</summary>
    public async Task<bool> SendAsync<TMessage>(SiloAddress silo, string name, TMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, _serializer.GetTypeInfo(typeof(TMessage)));
        var answer = await _transport.PostAsync(silo, PathPrefix + name, body, cancellationToken).ConfigureAwait(false);
        return answer.AsSpan().SequenceEqual("true"u8);
    }

    internal bool TryGetHandler(string name, out ClusterMessageHandler handler) => _handlers.TryGetValue(name, out handler!);

    internal object Read(ClusterMessageHandler handler, ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize(body, _serializer.GetTypeInfo(handler.MessageType))
        ?? throw new InvalidDataException($"The {handler.Name} message is null.");
}
