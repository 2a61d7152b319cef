namespace Gateway.TestUpstream.Hosting;

/// <summary>
/// Wraps stdin and reports when it reaches end of file, which is how a stdio MCP client ends the
/// session (MCP 2025-11-25 "Lifecycle > Shutdown > stdio").
/// </summary>
public sealed class EndOfInputStream(Stream inner, Action onEndOfInput) : Stream
{
    private int _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Observe(inner.Read(buffer, offset, count), count);

    public override int Read(Span<byte> buffer) => Observe(inner.Read(buffer), buffer.Length);

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Observe(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Observe(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(int bytesRead, int bytesRequested)
    {
        // A zero-byte read of a zero-length buffer is not end of file.
        if (bytesRead == 0 && bytesRequested > 0 && Interlocked.Exchange(ref _ended, 1) == 0)
        {
            onEndOfInput();
        }

        return bytesRead;
    }
}
