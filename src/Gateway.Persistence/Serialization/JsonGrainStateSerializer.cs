using System.Text.Json;
using Orleans.Storage;

namespace Gateway.Persistence;

/// <summary>
/// Grain state as plain System.Text.Json: the stored row holds the state's own JSON and nothing
/// else, no .NET type or assembly name, so renaming or moving a state type never strands the
/// rows written before, and the rows stay readable with SQL. (Orleans' default storage serializer
/// writes type names into every row.) The ADO.NET providers hand the bytes to the store as they
/// are; the gateway's scripts keep them as JSON text.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <param name="options">
    /// The gateway's JSON options, so state is written as the rest of the gateway writes JSON.
    /// Polymorphic state needs its discriminators declared there or on the types; they are names
    /// the code chooses, never type names.
    /// </param>
    public JsonGrainStateSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // A stored "null" comes back as default: the providers then create a fresh state.
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)!;
    }
}
