using System.Threading.Channels;

namespace Gateway.UnitTests.Support;

/// <summary>
/// What a fake saw, in order, for the test to await one by one. Awaiting has a deadline so a
/// missing event fails the test instead of hanging it; the deadline is not what is tested.
/// </summary>
public sealed class Signals<T>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>();

    public void Add(T item) => _channel.Writer.TryWrite(item);

    public async Task<T> NextAsync(string what)
    {
        try
        {
            return await _channel.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {Deadline.TotalSeconds:0} s for {what}; it never came.");
        }
    }

    /// <summary>What has arrived and was not read yet, without waiting for more.</summary>
    public List<T> Drain()
    {
        var rest = new List<T>();
        while (_channel.Reader.TryRead(out var item))
        {
            rest.Add(item);
        }

        return rest;
    }
}
