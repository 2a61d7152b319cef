namespace Gateway.Fuzz;

/// <summary>One request the fuzzer sends: everything about it may be wrong.</summary>
/// <param name="Headers">Sent as given, without validation (values may hold CR, LF or garbage).</param>
public sealed record FuzzRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string Kind)
{
    /// <summary>What a report shows of a request that failed: enough to replay it.</summary>
    public string Describe(int maxBody = 400)
    {
        var body = Body is null ? "" : System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, maxBody));
        var headers = string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"));
        return $"{Kind}: {Method} {Path} [{headers}] {body}";
    }
}
