using System.Text;

namespace Gateway.Silo.Audit;

/// <summary>
/// The lines of a stream from its end back to its start, read in blocks, so that the newest lines
/// of a large file are found without reading the rest. Empty lines are skipped.
/// </summary>
public static class ReverseLines
{
    public static IEnumerable<string> Read(Stream stream, int blockSize = 64 * 1024)
    {
        var block = new byte[blockSize];
        var pending = new List<byte>();
        var position = stream.Length;
        while (position > 0)
        {
            var size = (int)Math.Min(blockSize, position);
            position -= size;
            stream.Position = position;
            stream.ReadExactly(block, 0, size);

            // Bytes after the last newline found so far belong to the line that ends where the later block began.
            var end = size;
            for (var i = size - 1; i >= 0; i--)
            {
                if (block[i] != (byte)'\n')
                {
                    continue;
                }

                if (Line(block.AsSpan(i + 1, end - i - 1), pending) is { } line)
                {
                    yield return line;
                }

                pending.Clear();
                end = i;
            }

            pending.InsertRange(0, block.AsSpan(0, end).ToArray());
        }

        if (Line([], pending) is { } first)
        {
            yield return first;
        }
    }

    private static string? Line(ReadOnlySpan<byte> head, List<byte> tail)
    {
        if (head.Length + tail.Count == 0)
        {
            return null;
        }

        var bytes = new byte[head.Length + tail.Count];
        head.CopyTo(bytes);
        tail.CopyTo(bytes, head.Length);
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\r');
        return text.Length == 0 ? null : text;
    }
}
