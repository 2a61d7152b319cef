using System.Buffers;
using System.Text.Json;
using Gateway.Runtime;

namespace Gateway.Cluster;

/// <summary>A grain call as it crosses silos.</summary>
internal sealed record IncomingCall(
    GrainId GrainId, RemoteMethod Method, object?[] Arguments, long ViewVersion, TimeSpan Timeout, int Hops, string Caller);

/// <summary>
/// The JSON of silo-to-silo grain calls. A call is
/// <c>{"g":grain type,"k":key,"m":method,"v":caller's view version,"t":deadline in ms,"h":hops,"c":caller,"a":[arguments]}</c>;
/// an answer is <c>{"r":result}</c> or <c>{"f":fault}</c>. Arguments and results are written with
/// their declared types' source-generated contracts, straight into the request or response buffer.
/// </summary>
internal static class GrainCallCodec
{
    public static void WriteCall(
        IBufferWriter<byte> output, GrainId grainId, RemoteMethod method, object?[] arguments,
        long viewVersion, TimeSpan timeout, int hops, string caller)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("g", grainId.Type);
        writer.WriteString("k", grainId.Key);
        writer.WriteString("m", method.Key);
        writer.WriteNumber("v", viewVersion);
        writer.WriteNumber("t", (long)Math.Ceiling(timeout.TotalMilliseconds));
        writer.WriteNumber("h", hops);
        writer.WriteString("c", caller);
        writer.WriteStartArray("a");
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (method.Parameters[i] is { } contract)
            {
                JsonSerializer.Serialize(writer, arguments[i], contract);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a call; throws <see cref="InvalidDataException"/> naming what is wrong with a malformed one.</summary>
    public static IncomingCall ReadCall(ReadOnlyMemory<byte> body, RemoteMethods methods, CancellationToken cancellationToken)
    {
        using var document = Parse(body, "call");
        var root = document.RootElement;
        var methodKey = RequiredString(root, "m");
        if (!methods.TryFind(methodKey, out var grainMethod))
        {
            throw new InvalidDataException($"Unknown grain method '{methodKey}': the silos of this cluster run different grain interfaces.");
        }

        var method = methods.Shape(grainMethod);
        var arguments = new object?[method.Parameters.Length];
        if (!root.TryGetProperty("a", out var encoded) || encoded.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The call has no argument array 'a'.");
        }

        var next = encoded.EnumerateArray();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (method.Parameters[i] is not { } contract)
            {
                arguments[i] = cancellationToken;
                continue;
            }

            if (!next.MoveNext())
            {
                throw new InvalidDataException($"The call of {grainMethod} has too few arguments.");
            }

            arguments[i] = next.Current.Deserialize(contract);
        }

        return new IncomingCall(
            new GrainId(RequiredString(root, "g"), RequiredString(root, "k")),
            method,
            arguments,
            OptionalLong(root, "v"),
            TimeSpan.FromMilliseconds(Math.Clamp(OptionalLong(root, "t"), 1, (long)TimeSpan.FromDays(1).TotalMilliseconds)),
            (int)OptionalLong(root, "h"),
            root.TryGetProperty("c", out var caller) && caller.ValueKind == JsonValueKind.String ? caller.GetString()! : "");
    }

    public static void WriteResult(IBufferWriter<byte> output, RemoteMethod method, object? result)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        if (method.Result is { } contract)
        {
            writer.WritePropertyName("r");
            JsonSerializer.Serialize(writer, result, contract);
        }

        writer.WriteEndObject();
    }

    public static void WriteFault(IBufferWriter<byte> output, RemoteFault fault, ClusterSerializer serializer)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WritePropertyName("f");
        JsonSerializer.Serialize(writer, fault, serializer.GetTypeInfo(typeof(RemoteFault)));
        writer.WriteEndObject();
    }

    /// <summary>The result of an answer, or its fault.</summary>
    public static (object? Result, RemoteFault? Fault) ReadAnswer(ReadOnlyMemory<byte> body, RemoteMethod method, ClusterSerializer serializer)
    {
        using var document = Parse(body, "answer");
        var root = document.RootElement;
        if (root.TryGetProperty("f", out var fault))
        {
            return (null, (RemoteFault?)fault.Deserialize(serializer.GetTypeInfo(typeof(RemoteFault)))
                ?? throw new InvalidDataException("The answer's fault is null."));
        }

        return (method.Result is { } contract && root.TryGetProperty("r", out var result) ? result.Deserialize(contract) : null, null);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body, string what)
    {
        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidDataException($"The {what} is not a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {what} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"The call has no '{name}' string.");

    private static long OptionalLong(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
