using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Audit;
using ModelContextProtocol.Protocol;

namespace Gateway.Sessions;

/// <summary>What a request's audit line says of its answer and its arguments, which it never holds itself.</summary>
public static class RequestAudit
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>ok, tool_error (a result with <c>isError</c>: the tool ran and failed), or error with the JSON-RPC code.</summary>
    public static (string Outcome, int? Code) OutcomeOf(JsonRpcMessage answer) => answer switch
    {
        JsonRpcError error => (AuditOutcomes.Error, error.Error.Code),
        JsonRpcResponse { Result: JsonObject result } when result["isError"]?.GetValueKind() == JsonValueKind.True => (AuditOutcomes.ToolError, null),
        _ => (AuditOutcomes.Ok, null),
    };

    /// <summary>
    /// The size of <c>params.arguments</c> as compact UTF-8 JSON, counted without keeping the bytes;
    /// null when the request has none.
    /// </summary>
    public static long? ArgumentsBytes(JsonRpcRequest request)
    {
        if (request.Params is not JsonObject parameters || !parameters.TryGetPropertyValue("arguments", out var arguments))
        {
            return null;
        }

        using var counter = new ByteCounter();
        using (var writer = new Utf8JsonWriter(counter, Compact))
        {
            if (arguments is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                arguments.WriteTo(writer);
            }
        }

        return counter.Count;
    }

    /// <summary>A buffer writer that counts what is written into one pooled scratch buffer and keeps none of it.</summary>
    private sealed class ByteCounter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _scratch = ArrayPool<byte>.Shared.Rent(512);

        public long Count { get; private set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        public void Dispose() => ArrayPool<byte>.Shared.Return(_scratch);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
                _scratch = ArrayPool<byte>.Shared.Rent(sizeHint);
            }

            return _scratch;
        }
    }
}
