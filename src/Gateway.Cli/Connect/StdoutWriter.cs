using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Connect;

/// <summary>
/// Writes messages to the stdio client, each as one UTF-8 line (MCP stdio transport). POST answers and the
/// standalone stream write concurrently, so writes take turns and each line is flushed whole.
/// </summary>
public sealed class StdoutWriter(Stream output)
{
    // Compact, so no newline inside a message; non-ASCII text stays as it is rather than \u escapes
    // (the reader is an MCP client, not an HTML page).
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task WriteAsync(JsonNode message, CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(line, LineOptions))
        {
            message.WriteTo(writer);
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            await output.WriteAsync(line.WrittenMemory, cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }
}
