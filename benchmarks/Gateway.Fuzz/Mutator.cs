using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Fuzz;

/// <summary>
/// Mutations of valid inputs: byte-level (flips, cuts, splices, inserted bytes) and structural (a
/// value replaced by another JSON type, a huge string, deep nesting, a duplicated or dropped
/// member), plus wholly random bytes. Seeded, so a failing run can be replayed.
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly JsonNode?[] Replacements =
    [
        null, true, 0, -1, 1e308, "", "x", new string('A', 70_000), new JsonArray(), new JsonObject(), "\u0000\r\n", "../../etc/passwd",
        "; touch /tmp/fuzzed", "$(id)", int.MaxValue, long.MinValue, 0.5, "env://HOME", "file:///etc/shadow", "\ud800",
    ];

    public byte[] Mutate(string json)
    {
        return random.Next(10) switch
        {
            0 => RandomBytes(random.Next(0, 2048)),
            1 or 2 => Bytes(json),
            3 => Nested(random.Next(10, 5000)),
            >= 4 and <= 6 => Structural(json) ?? Bytes(json),
            _ => Bytes(json),
        };
    }

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Byte-level damage: one to eight edits.</summary>
    private byte[] Bytes(string json)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(json));
        for (var edits = random.Next(1, 9); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, RandomBytes(random.Next(1, 8)));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(["{", "}", "[", "]", "\"", ",", ":", "\\", "\\u0000", "null", "1e999"])));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A member's value replaced, dropped or duplicated; null when the input is not a JSON object.</summary>
    private byte[]? Structural(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        var objects = new List<JsonObject>();
        Collect(root, objects);
        if (objects.Count == 0)
        {
            return null;
        }

        var target = objects[random.Next(objects.Count)];
        var names = target.Select(p => p.Key).ToList();
        var choice = random.Next(4);
        if (choice == 0 || names.Count == 0)
        {
            target[Pick(["id", "method", "jsonrpc", "params", "name", "arguments", "url", "transport", "command", "roles", "cursor", "__proto__"])] = Replacement();
        }
        else if (choice == 1)
        {
            target.Remove(names[random.Next(names.Count)]);
        }
        else
        {
            target[names[random.Next(names.Count)]] = Replacement();
        }

        var text = root!.ToJsonString();
        if (random.Next(8) == 0)
        {
            // A duplicated member, which JsonNode cannot hold: splice it into the text.
            var name = names.Count > 0 ? names[random.Next(names.Count)] : "id";
            text = "{\"" + name + "\":1," + text.TrimStart('{');
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private JsonNode? Replacement()
    {
        var value = Replacements[random.Next(Replacements.Length)];
        return value?.DeepClone();
    }

    private static byte[] Nested(int depth) =>
        Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + new string('[', depth) + new string(']', depth) + "}");

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        switch (node)
        {
            case JsonObject o:
                into.Add(o);
                foreach (var (_, child) in o)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Collect(child, into);
                }

                break;
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
