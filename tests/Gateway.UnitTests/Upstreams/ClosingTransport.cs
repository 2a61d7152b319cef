using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Gateway.UnitTests.Upstreams;

/// <summary>
/// A client transport whose session, once disposed, runs <paramref name="closed"/>: the SDK's
/// stream transport leaves the streams it was given open, so the in-memory server would never see
/// the end of its input otherwise.
/// </summary>
public sealed class ClosingTransport(IClientTransport inner, Action closed) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), closed);

    private sealed class Session(ITransport inner, Action closed) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => inner.MessageReader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            closed();
        }
    }
}
