namespace Gateway.Upstreams.Credentials;

/// <summary>
/// What a header value may hold (RFC 9110 §5.5): anything but CR, LF and NUL. A line break in a
/// value taken from a secret would let whoever holds the secret write headers of their own.
/// </summary>
public static class HeaderValue
{
    public const string Refusal = "holds a line break or a NUL, which a header cannot carry";

    public static bool CanCarry(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;
}
