using System.Text;
using System.Text.Json;

namespace Gateway.Persistence.Tests;

public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Serialize_WritesTheStateAsJsonWithTheGivenOptions()
    {
        var json = Encoding.UTF8.GetString(_serializer.Serialize(new Note { Text = "hi", Revision = 3 }).ToArray());

        Assert.Equal("""{"text":"hi","revision":3}""", json);
    }

    [Fact]
    public void Deserialize_ReadsBackWhatSerializeWrote()
    {
        var note = new Note { Text = "round trip", Revision = 7 };

        Assert.Equal(note, _serializer.Deserialize<Note>(_serializer.Serialize(note)));
    }

    [Fact]
    public void Deserialize_OfAJsonNull_GivesNoState() =>
        Assert.Null(_serializer.Deserialize<Note?>(BinaryData.FromString("null")));
}
