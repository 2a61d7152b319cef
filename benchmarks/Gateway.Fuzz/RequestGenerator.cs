using System.Text;

namespace Gateway.Fuzz;

/// <summary>
/// Draws the next request: most go to the MCP front door with a plausible envelope (a live
/// session, a valid key) around a damaged body, so the damage reaches the session grains; the rest
/// go to the admin API with the admin's key, or are random through and through.
/// </summary>
public sealed class RequestGenerator(Random random, FuzzTarget target)
{
    private readonly Mutator _mutator = new(random);

    public FuzzRequest Next(IReadOnlyList<string> sessions)
    {
        var roll = random.Next(100);
        return roll < 65 ? Mcp(sessions) : roll < 92 ? Admin() : Random();
    }

    private FuzzRequest Mcp(IReadOnlyList<string> sessions)
    {
        var method = random.Next(10) switch { < 8 => "POST", 8 => "GET", _ => "DELETE" };
        var path = random.Next(10) switch { < 7 => "/mcp", 7 or 8 => "/servers/fuzz/mcp", _ => _mutator.Pick(Corpus.Paths) };
        var headers = new List<KeyValuePair<string, string>>();
        Add(headers, "Accept", random.Next(6) == 0 ? _mutator.Pick(Corpus.Accepts) : method == "GET" ? "text/event-stream" : "application/json, text/event-stream");
        Add(headers, "Authorization", Credential(target.UserKey));
        if (random.Next(4) != 0 && sessions.Count > 0)
        {
            Add(headers, "Mcp-Session-Id", random.Next(8) switch
            {
                0 => Convert.ToBase64String(_mutator.RandomBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('='),
                1 => Printable(random.Next(0, 300)),
                _ => _mutator.Pick(sessions),
            });
        }

        if (random.Next(3) == 0)
        {
            Add(headers, "MCP-Protocol-Version", _mutator.Pick(Corpus.ProtocolVersions));
        }

        Envelope(headers);
        byte[]? body = method == "POST" ? _mutator.Mutate(_mutator.Pick(Corpus.McpBodies)) : null;
        return new FuzzRequest(method, path, headers, body, "mcp");
    }

    private FuzzRequest Admin()
    {
        var (method, path, seed) = random.Next(6) switch
        {
            0 or 1 => ("POST", "/admin/upstreams", _mutator.Pick(Corpus.AdminUpstreamBodies)),
            2 => ("POST", "/admin/keys", _mutator.Pick(Corpus.AdminKeyBodies)),
            3 => ("DELETE", random.Next(2) == 0 ? "/admin/upstreams/" + Uri.EscapeDataString(Printable(random.Next(1, 80))) : "/admin/keys/" + Uri.EscapeDataString(Printable(random.Next(1, 80))), null),
            4 => ("GET", _mutator.Pick(["/admin/upstreams", "/admin/tools", "/admin/cluster", "/admin/keys", "/admin/cluster/grains/" + Printable(8) + "/" + Printable(8)]), null),
            _ => (_mutator.Pick(Corpus.Methods), _mutator.Pick(Corpus.Paths), _mutator.Pick(Corpus.AdminUpstreamBodies)),
        };
        var headers = new List<KeyValuePair<string, string>>();
        Add(headers, "Authorization", Credential(target.AdminKey));
        Envelope(headers);
        return new FuzzRequest(method, path, headers, seed is null || method is "GET" or "DELETE" ? null : _mutator.Mutate(seed), "admin");
    }

    private FuzzRequest Random()
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            Add(headers, _mutator.Pick(["Accept", "Authorization", "X-API-Key", "Mcp-Session-Id", "MCP-Protocol-Version", "Origin", "Last-Event-ID", "X-Fuzz"]), Printable(random.Next(0, 200)));
        }

        var path = random.Next(2) == 0 ? _mutator.Pick(Corpus.Paths) : "/" + Printable(random.Next(0, 100)).Replace(' ', '/');
        return new FuzzRequest(_mutator.Pick(Corpus.Methods), path, headers, _mutator.RandomBytes(random.Next(0, 4096)), "random");
    }

    /// <summary>Content type, Origin and Host, each usually right and sometimes not.</summary>
    private void Envelope(List<KeyValuePair<string, string>> headers)
    {
        Add(headers, "Content-Type", random.Next(8) == 0 ? _mutator.Pick(Corpus.ContentTypes) : "application/json");
        if (random.Next(10) == 0)
        {
            Add(headers, "Origin", _mutator.Pick(["http://evil.example", "http://localhost:1", target.BaseUrl, "null", Printable(20)]));
        }

        if (random.Next(20) == 0)
        {
            Add(headers, "Host", _mutator.Pick(["attacker.example", "localhost", "127.0.0.1:1", Printable(30)]));
        }
    }

    /// <summary>The right key most of the time; otherwise none, a wrong one, a JWT-shaped forgery or the other principal's.</summary>
    private string Credential(string key) => random.Next(12) switch
    {
        0 => "",
        1 => "Bearer " + Printable(random.Next(1, 64)),
        2 => "Bearer eyJhbGciOiJub25lIn0." + Printable(30) + ".",
        3 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("a:b")),
        4 => "Bearer " + (key == target.UserKey ? target.AdminKey : target.UserKey),
        _ => "Bearer " + key,
    };

    private string Printable(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }

    private static void Add(List<KeyValuePair<string, string>> headers, string name, string value)
    {
        if (value.Length > 0)
        {
            headers.Add(new(name, value));
        }
    }
}

/// <param name="UserKey">An MCP user's API key (no roles).</param>
/// <param name="AdminKey">An admin's API key.</param>
public sealed record FuzzTarget(string BaseUrl, string UserKey, string AdminKey);
