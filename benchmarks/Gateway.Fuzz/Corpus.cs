namespace Gateway.Fuzz;

/// <summary>Valid inputs the mutations start from: MCP messages of every method the gateway serves, and admin API bodies.</summary>
public static class Corpus
{
    public static readonly string[] McpBodies =
    [
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":"eyJhIjoiYiJ9"}}""",
        """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"fuzz__echo","arguments":{"message":"hello"}}}""",
        """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"fuzz__add","arguments":{"a":1,"b":2}}}""",
        """{"jsonrpc":"2.0","id":6,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":7,"method":"resources/list"}""",
        """{"jsonrpc":"2.0","id":8,"method":"resources/read","params":{"uri":"test://fuzz/1"}}""",
        """{"jsonrpc":"2.0","id":9,"method":"prompts/get","params":{"name":"fuzz__greeting","arguments":{"name":"x"}}}""",
        """{"jsonrpc":"2.0","id":10,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"fuzz__greeting"},"argument":{"name":"name","value":"a"}}}""",
        """{"jsonrpc":"2.0","id":11,"method":"logging/setLevel","params":{"level":"debug"}}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4,"reason":"fuzz"}}""",
        """[{"jsonrpc":"2.0","id":12,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]""",
        """{"jsonrpc":"2.0","id":13,"result":{}}""",
    ];

    public static readonly string[] AdminUpstreamBodies =
    [
        """{"name":"f1","transport":"http","url":"http://upstream.test/mcp"}""",
        """{"name":"f2","transport":"sse","url":"https://upstream.test/sse","headers":{"Authorization":"Bearer x"}}""",
        """{"name":"f3","transport":"stdio","command":"sh","args":["-c","id"],"env":{"A":"b"}}""",
        """{"name":"f4","transport":"http","url":"http://127.1/mcp","stateless":true,"tags":["a"],"callTimeoutSeconds":5}""",
        """{"name":"f5","transport":"http","url":"http://upstream.test/mcp","headers":{"X":"env://HOME"},"maxProcesses":2}""",
    ];

    public static readonly string[] AdminKeyBodies =
    [
        """{"name":"k1","roles":["viewer"]}""",
        """{"name":"k2","roles":["admin"],"tenant":"t","expiresAt":"2999-01-01T00:00:00Z"}""",
    ];

    /// <summary>Paths the fuzzer addresses, the gateway's own and some it does not have.</summary>
    public static readonly string[] Paths =
    [
        "/mcp", "/servers/fuzz/mcp", "/servers/nope/mcp", "/servers/%2e%2e/mcp", "/admin/upstreams", "/admin/upstreams/fuzz",
        "/admin/keys", "/admin/keys/k1", "/admin/tools", "/admin/cluster", "/admin/cluster/grains/session/x", "/health/ready",
        "/.well-known/oauth-protected-resource/mcp", "/mcp?access_token=x", "/admin/../mcp", "//mcp",
    ];

    public static readonly string[] Methods = ["POST", "GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"];

    public static readonly string[] ContentTypes = ["application/json", "text/plain", "application/json; charset=utf-16", "", "multipart/form-data; boundary=x"];

    public static readonly string[] Accepts = ["application/json, text/event-stream", "text/event-stream", "application/json", "*/*", ""];

    public static readonly string[] ProtocolVersions = ["2025-11-25", "2025-06-18", "2024-11-05", "1999-01-01", "", "2025-11-25\u0000"];
}
